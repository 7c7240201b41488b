import type { HandlingLevel } from '../../shared/domain/responsibilities';

/**
 * The made-up contents of the Longgang responsibility lists (see responsibilities.ts): which
 * department extends which services, the purchased services, the community items, and the route of
 * every event subcategory. Plausible, not official.
 */

/** Department → four services it extends to the districts; each is offered as 受理, 办理 and 咨询. */
export const DEPARTMENT_SUBJECTS: [string, string[]][] = [
  ['police', ['居住证申领', '出租房屋登记', '流动人口信息采集', '群体性事件处置']],
  ['traffic-police', ['违章停车举报', '交通事故快处', '驾驶证期满换证', '电动自行车登记']],
  ['fire', ['消防安全隐患排查', '火灾扑救联动', '消防安全培训', '九小场所消防检查']],
  ['emergency', ['危化品违规举报', '台风防御转移', '安全生产许可咨询', '应急避难场所管理']],
  ['market', ['小作坊违规生产举报', '食品经营许可', '个体工商户登记', '消费投诉']],
  ['enforcement', ['违章搭建查处', '户外广告设置', '占道经营整治', '渣土运输监管']],
  ['housing', ['房屋安全鉴定', '物业纠纷调处', '住房保障申请', '城镇排水许可']],
  ['resources', ['土地征迁政策处理', '拆迁安置协调', '宅基地审批', '不动产登记']],
  ['ecology', ['污水排放监管', '建设项目环评', '噪声污染投诉', '危险废物转移']],
  ['civil', ['最低生活保障', '特困人员供养', '婚姻登记预约', '殡葬服务']],
  ['labour', ['就业登记', '失业保险金申领', '社保参保登记', '劳动争议调解']],
  ['health', ['计划生育奖励扶助', '母婴设施建设', '家庭医生签约', '托育机构备案']],
  ['veterans', ['退役军人优待证', '优抚对象抚恤', '退役军人就业帮扶', '光荣牌悬挂']],
  ['petition', ['群众来信来访', '信访事项复查', '网上信访代办', '矛盾纠纷多元化解']],
];
export const DEPARTMENT_ACTIONS = ['受理', '办理', '咨询'];

/** Purchased services: 14 kinds of service × 8 groups of residents = 112. */
export const PURCHASED_SERVICES = [
  '上门探访',
  '助餐',
  '助浴助洁',
  '心理疏导',
  '法律援助',
  '技能培训',
  '文体活动',
  '政策宣传',
  '照护',
  '安全巡访',
  '托管看护',
  '康复训练',
  '就业指导',
  '志愿服务对接',
];
export const PURCHASED_GROUPS = [
  '高龄老人',
  '独居老人',
  '残疾人',
  '困境儿童',
  '退役军人',
  '低保家庭',
  '新市民',
  '青少年',
];
/** Purchased services the event routes use, beyond the 14 × 8 grid (they replace its last four). */
export const PURCHASED_ROUTED: [string, string, HandlingLevel][] = [
  ['垃圾清运与环境保洁', 'provider:sanitation', 'department'],
  ['市政设施巡查养护', 'provider:municipal', 'department'],
  ['交通信号设施维护', 'provider:traffic-facility', 'department'],
  ['婴幼儿托育服务', 'provider:social-work', 'district'],
];

export const COMMUNITY_ITEMS = [
  '居民基本信息登记',
  '出具居住证明',
  '低保申请初审',
  '困难家庭走访',
  '矛盾纠纷调解',
  '助残帮扶',
  '党群服务中心开放',
  '党员志愿服务积分',
  '社区事项准入审核',
  '社区干部履职公示',
  '村改社区后续事务',
  '集体资产监督',
  '居民议事会组织',
  '乡贤理事会联络',
  '社会组织工作站',
  '社区直通车接待',
  '新市民融入服务',
  '社区文化活动',
  '社区健康教育',
  '疫苗接种通知',
  '老年人优待证代办',
  '高龄津贴代办',
  '残疾人证代办',
  '临时救助申请',
  '就业信息发布',
  '社区安全巡查',
  '防汛防台人员转移',
  '垃圾分类督导',
  '文明城市创建',
  '征兵宣传登记',
  '人口普查协助',
  '出租房屋巡查',
  '社区养老服务站',
  '儿童之家活动',
  '智慧社区码上服务',
];

/**
 * Event kind → the item it falls under (by name), the level that handles it, and the time limit.
 * Limits follow the taxonomy's (shared/domain/categories.ts); the list may only tighten them.
 */
export const ROUTES: [string, string, string, HandlingLevel, number][] = [
  ['safety', 'fire-hazard', '消防安全隐患排查办理', 'district', 4],
  ['safety', 'hazmat', '危化品违规举报办理', 'department', 4],
  ['safety', 'workshop', '小作坊违规生产举报办理', 'district', 24],
  ['stability', 'petition', '群众来信来访办理', 'district', 72],
  ['stability', 'dispute', '矛盾纠纷调解', 'community', 48],
  ['stability', 'gathering', '群体性事件处置办理', 'department', 2],
  ['environment', 'garbage', '垃圾清运与环境保洁', 'department', 24],
  ['environment', 'sewage', '污水排放监管办理', 'department', 24],
  ['environment', 'noise', '噪声污染投诉办理', 'grid', 12],
  ['policy', 'land', '土地征迁政策处理办理', 'district', 120],
  ['policy', 'demolition', '拆迁安置协调办理', 'district', 120],
  ['party', 'service', '党群服务中心开放', 'community', 168],
  ['urban', 'street-order', '占道经营整治办理', 'grid', 8],
  ['urban', 'illegal-building', '违章搭建查处办理', 'department', 72],
  ['urban', 'advertising', '户外广告设置办理', 'district', 24],
  ['urban', 'facility', '市政设施巡查养护', 'department', 24],
  ['livelihood', 'elderly', '高龄老人上门探访', 'district', 48],
  ['livelihood', 'childcare', '婴幼儿托育服务', 'district', 48],
  ['livelihood', 'disability', '助残帮扶', 'community', 48],
  ['traffic', 'illegal-parking', '违章停车举报办理', 'department', 2],
  ['traffic', 'accident', '交通事故快处办理', 'department', 1],
  ['traffic', 'signal', '交通信号设施维护', 'department', 4],
  ['emergency', 'waterlogging', '防汛防台人员转移', 'district', 2],
  ['emergency', 'typhoon', '台风防御转移办理', 'department', 1],
  ['emergency', 'fire', '火灾扑救联动办理', 'department', 1],
];
