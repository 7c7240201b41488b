/**
 * The event taxonomy: the five district functions the seed names, plus urban management, social
 * services, traffic and emergencies (domain.md). Each subcategory has a default severity and a handling
 * time limit in hours, counted from dispatch (GB/T 30428 style).
 */
export type Severity = 'low' | 'medium' | 'high' | 'critical';
export const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

export interface Subcategory {
  id: string;
  name: string;
  severity: Severity;
  limitHours: number;
}

export interface Category {
  id: string;
  name: string;
  nameEn: string;
  /** A colour that stays readable on the dark wall and on the light console. */
  color: [number, number, number];
  subcategories: readonly Subcategory[];
}

export const CATEGORIES: readonly Category[] = [
  {
    id: 'safety',
    name: '安全生产',
    nameEn: 'Production safety',
    color: [255, 99, 71],
    subcategories: [
      { id: 'fire-hazard', name: '消防隐患', severity: 'high', limitHours: 4 },
      { id: 'hazmat', name: '危化品违规', severity: 'high', limitHours: 4 },
      { id: 'workshop', name: '小作坊违规生产', severity: 'medium', limitHours: 24 },
    ],
  },
  {
    id: 'stability',
    name: '信访维稳',
    nameEn: 'Petitions and stability',
    color: [186, 104, 200],
    subcategories: [
      { id: 'petition', name: '群众信访', severity: 'medium', limitHours: 72 },
      { id: 'dispute', name: '矛盾纠纷', severity: 'medium', limitHours: 48 },
      { id: 'gathering', name: '聚集事件', severity: 'critical', limitHours: 2 },
    ],
  },
  {
    id: 'environment',
    name: '环境整治',
    nameEn: 'Environmental remediation',
    color: [102, 187, 106],
    subcategories: [
      { id: 'garbage', name: '垃圾堆放', severity: 'low', limitHours: 24 },
      { id: 'sewage', name: '污水排放', severity: 'medium', limitHours: 24 },
      { id: 'noise', name: '噪声扰民', severity: 'low', limitHours: 12 },
    ],
  },
  {
    id: 'policy',
    name: '政策处理',
    nameEn: 'Policy handling',
    color: [255, 202, 40],
    subcategories: [
      { id: 'land', name: '土地征迁', severity: 'medium', limitHours: 120 },
      { id: 'demolition', name: '拆迁协调', severity: 'medium', limitHours: 120 },
    ],
  },
  {
    id: 'party',
    name: '基层党建',
    nameEn: 'Party building',
    color: [239, 83, 80],
    subcategories: [{ id: 'service', name: '党群服务', severity: 'low', limitHours: 168 }],
  },
  {
    id: 'urban',
    name: '城市管理',
    nameEn: 'Urban management',
    color: [66, 165, 245],
    subcategories: [
      { id: 'street-order', name: '占道经营', severity: 'low', limitHours: 8 },
      { id: 'illegal-building', name: '违章搭建', severity: 'medium', limitHours: 72 },
      { id: 'advertising', name: '违规广告', severity: 'low', limitHours: 24 },
      { id: 'facility', name: '市政设施损坏', severity: 'medium', limitHours: 24 },
    ],
  },
  {
    id: 'livelihood',
    name: '民生服务',
    nameEn: 'Social services',
    color: [38, 198, 218],
    subcategories: [
      { id: 'elderly', name: '养老服务', severity: 'low', limitHours: 48 },
      { id: 'childcare', name: '托育服务', severity: 'low', limitHours: 48 },
      { id: 'disability', name: '助残帮扶', severity: 'low', limitHours: 48 },
    ],
  },
  {
    id: 'traffic',
    name: '交通停车',
    nameEn: 'Traffic and parking',
    color: [255, 167, 38],
    subcategories: [
      { id: 'illegal-parking', name: '违章停车', severity: 'low', limitHours: 2 },
      { id: 'accident', name: '交通事故', severity: 'high', limitHours: 1 },
      { id: 'signal', name: '信号灯故障', severity: 'medium', limitHours: 4 },
    ],
  },
  {
    id: 'emergency',
    name: '应急',
    nameEn: 'Emergencies',
    color: [244, 67, 54],
    subcategories: [
      { id: 'waterlogging', name: '城市内涝', severity: 'high', limitHours: 2 },
      { id: 'typhoon', name: '台风灾害', severity: 'critical', limitHours: 1 },
      { id: 'fire', name: '火灾', severity: 'critical', limitHours: 1 },
    ],
  },
];

const BY_ID = new Map(CATEGORIES.map((c) => [c.id, c]));

/** The category with this id, or undefined. */
export function categoryById(id: string): Category | undefined {
  return BY_ID.get(id);
}

/** The subcategory of a category, or undefined when either id is unknown. */
export function subcategoryOf(categoryId: string, subcategoryId: string): Subcategory | undefined {
  return BY_ID.get(categoryId)?.subcategories.find((s) => s.id === subcategoryId);
}
