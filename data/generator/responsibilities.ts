import type {
  ListId,
  Responsibilities,
  ResponsibilityItem,
  ResponsibilityRoute,
  ResponsibilityUnit,
} from '../../shared/domain/responsibilities';
import {
  COMMUNITY_ITEMS,
  DEPARTMENT_ACTIONS,
  DEPARTMENT_SUBJECTS,
  PURCHASED_GROUPS,
  PURCHASED_ROUTED,
  PURCHASED_SERVICES,
  ROUTES,
} from './responsibility-tables';

/**
 * Builds data/longgang/responsibilities.json. The list sizes (168 / 112 / 35) are the seed's; the
 * items, units and assignments are synthetic, enumerated (no randomness) so the file is reproducible.
 * `npx tsx data/generator/write-responsibilities.ts` writes it; a unit test checks the committed file.
 */

const UNITS: ResponsibilityUnit[] = [
  ['police', '龙港市公安局'],
  ['traffic-police', '龙港市公安局交通警察大队'],
  ['fire', '龙港市消防救援大队'],
  ['emergency', '龙港市应急管理局'],
  ['market', '龙港市市场监督管理局'],
  ['enforcement', '龙港市综合行政执法局'],
  ['housing', '龙港市住房和城乡建设局'],
  ['resources', '龙港市自然资源和规划局'],
  ['ecology', '温州市生态环境局龙港分局'],
  ['civil', '龙港市民政局'],
  ['labour', '龙港市人力资源和社会保障局'],
  ['health', '龙港市卫生健康局'],
  ['veterans', '龙港市退役军人事务局'],
  ['petition', '龙港市信访局'],
  ['disabled', '龙港市残疾人联合会'],
  ['party', '中共龙港市委组织部'],
]
  .map(([id, name]): ResponsibilityUnit => ({ id: `dept:${id}`, name: name!, kind: 'department' }))
  .concat(
    [
      ['sanitation', '环卫保洁服务中心（政府购买）'],
      ['municipal', '市政设施养护服务单位（政府购买）'],
      ['traffic-facility', '交通设施维护服务单位（政府购买）'],
      ['social-work', '社会工作服务机构（政府购买）'],
    ].map(([id, name]): ResponsibilityUnit => ({ id: `provider:${id}`, name: name!, kind: 'provider' })),
  );

const pad = (n: number) => String(n).padStart(3, '0');

/** The whole file, in a fixed order. */
export function buildResponsibilities(): Responsibilities {
  const department: ResponsibilityItem[] = [];
  for (const [dept, subjects] of DEPARTMENT_SUBJECTS) {
    for (const subject of subjects) {
      for (const action of DEPARTMENT_ACTIONS) {
        department.push({
          id: `DEPT-${pad(department.length + 1)}`,
          name: `${subject}${action}`,
          unitId: `dept:${dept}`,
          // Extended to the districts: the district platform is where residents are served.
          level: 'district',
        });
      }
    }
  }
  const purchased: ResponsibilityItem[] = [];
  const grid = PURCHASED_GROUPS.flatMap((g) => PURCHASED_SERVICES.map((s) => `${g}${s}`));
  for (const name of grid.slice(0, grid.length - PURCHASED_ROUTED.length)) {
    purchased.push({
      id: `BUY-${pad(purchased.length + 1)}`,
      name,
      unitId: 'provider:social-work',
      level: 'district',
    });
  }
  for (const [name, unitId, level] of PURCHASED_ROUTED) {
    purchased.push({ id: `BUY-${pad(purchased.length + 1)}`, name, unitId, level });
  }
  const community: ResponsibilityItem[] = COMMUNITY_ITEMS.map((name, i) => ({
    id: `COMM-${pad(i + 1)}`,
    name,
    unitId: 'dept:civil',
    level: 'community',
  }));
  const lists: Responsibilities['lists'] = [
    { id: 'department', name: '部门延伸片区便民服务事项清单', items: department },
    { id: 'purchased', name: '政府购买服务事项清单', items: purchased },
    { id: 'community', name: '市直管社区事项清单', items: community },
  ];
  const routes: ResponsibilityRoute[] = ROUTES.map(([category, subcategory, itemName, level, limitHours]) => {
    const { list, item } = findItem(lists, itemName);
    return {
      category,
      subcategory,
      list,
      itemId: item.id,
      level,
      unitId: level === 'department' ? item.unitId : null,
      limitHours,
    };
  });
  return {
    city: 'longgang',
    provenance:
      'List names and sizes (168 / 112 / 35) from the 2020 reform (Wenzhou Daily, 2020-09-28); ' +
      'department names are plausible; every item, provider and assignment is synthetic.',
    synthetic: true,
    units: UNITS,
    lists,
    routes,
  };
}

function findItem(
  lists: Responsibilities['lists'],
  name: string,
): { list: ListId; item: ResponsibilityItem } {
  for (const list of lists) {
    const item = list.items.find((i) => i.name === name);
    if (item) return { list: list.id, item };
  }
  throw new Error(`no list item named ${name}`);
}
