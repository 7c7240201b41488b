import type { GridInfo } from '../../shared/domain/grid';
import type { Random } from '../../shared/util/random';

export interface TeamMember {
  name: string;
  role: string;
  posts: string[];
  phone: string;
}

export interface GridTeam {
  gridId: string;
  members: TeamMember[];
}

// Common surnames in Wenzhou; given names from a neutral pool. All combinations are synthetic.
const SURNAMES = '陈林王李张黄郑吴杨周刘徐蔡叶章金胡潘谢朱'.split('');
const GIVEN = '建国华明丽芳伟强敏静杰涛燕洁勇军霞平海东晓红宇丹雪峰亮鹏慧琳'.split('');

/** Roles of a full-service grid team ("一格多元"): leader first, then full-time, part-time, specialists. */
const ROLES = ['网格长', '专职网格员', '兼职网格员', '网格指导员', '社区民警', '专业网格员'] as const;

/** Posts one person holds at once ("一员多岗"). */
const POSTS = [
  '党建联络',
  '信访维稳',
  '矛盾调解',
  '安全生产巡查',
  '消防检查',
  '环境整治',
  '人口信息采集',
  '防汛防台',
  '政策宣传',
  '民生服务',
  '出租房管理',
  '市场监管',
];

function maskedPhone(rng: Random): string {
  const prefix = rng.pick([
    '130',
    '133',
    '135',
    '136',
    '137',
    '138',
    '139',
    '150',
    '151',
    '158',
    '159',
    '177',
    '180',
    '187',
    '189',
  ]);
  return `${prefix}****${String(rng.int(0, 9999)).padStart(4, '0')}`;
}

/**
 * One team of 3–5 ("三五成群") per full-service grid: a grid leader, a full-time grid worker, then
 * others drawn from the remaining roles; each holds 2–3 posts. Names are synthetic, phones masked.
 */
export function buildTeams(fullGrids: readonly GridInfo[], rng: Random): GridTeam[] {
  return fullGrids.map((g) => {
    const size = rng.int(3, 5);
    const roles: string[] = [ROLES[0], ROLES[1]];
    while (roles.length < size) roles.push(rng.pick(ROLES.slice(1)));
    const members = roles.map((role) => {
      const posts = new Set<string>();
      const want = rng.int(2, 3);
      while (posts.size < want) posts.add(rng.pick(POSTS));
      const given = rng.next() < 0.5 ? rng.pick(GIVEN) : rng.pick(GIVEN) + rng.pick(GIVEN);
      return { name: rng.pick(SURNAMES) + given, role, posts: [...posts], phone: maskedPhone(rng) };
    });
    return { gridId: g.id, members };
  });
}
