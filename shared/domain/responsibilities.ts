import Type, { type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { CATEGORIES } from './categories';

/**
 * The responsibility lists (权责清单) the seed names: 168 department services extended to districts,
 * 112 government-purchased services and 35 city-managed community items, plus the routing table that
 * says, for every event category and subcategory, which level handles it, which list item it falls
 * under and its time limit. data/<city>/responsibilities.json holds them; this module is the schema
 * and the checks a file must pass before the server uses it.
 */

/** Who handles an event: a fixed unit (department or contracted provider), or the event's own grids. */
export const HANDLING_LEVELS = ['department', 'district', 'community', 'grid'] as const;
export type HandlingLevel = (typeof HANDLING_LEVELS)[number];

export const HANDLING_LEVEL_NAMES: Record<HandlingLevel, string> = {
  department: '部门',
  district: '片区',
  community: '社区',
  grid: '网格团队',
};

export const LIST_IDS = ['department', 'purchased', 'community'] as const;
export type ListId = (typeof LIST_IDS)[number];

const Id = Type.String({ minLength: 1, maxLength: 64 });

export const ResponsibilityUnitSchema = Type.Object(
  {
    /** `dept:<name>` or `provider:<name>`: what a dispatch's assignee says. */
    id: Type.String({ pattern: '^(dept|provider):[a-z0-9-]+$' }),
    name: Type.String({ minLength: 1 }),
    kind: Type.Enum(['department', 'provider']),
  },
  { additionalProperties: false },
);

export const ResponsibilityItemSchema = Type.Object(
  {
    id: Id,
    name: Type.String({ minLength: 1 }),
    /** The unit that owns the item (for a district-level item: the department it extends from). */
    unitId: Id,
    level: Type.Enum(HANDLING_LEVELS),
  },
  { additionalProperties: false },
);

export const ResponsibilityListSchema = Type.Object(
  {
    id: Type.Enum(LIST_IDS),
    name: Type.String({ minLength: 1 }),
    items: Type.Array(ResponsibilityItemSchema),
  },
  { additionalProperties: false },
);

export const ResponsibilityRouteSchema = Type.Object(
  {
    category: Id,
    subcategory: Id,
    list: Type.Enum(LIST_IDS),
    itemId: Id,
    level: Type.Enum(HANDLING_LEVELS),
    /** The fixed unit for `department`; null for the levels resolved from the event's grid path. */
    unitId: Type.Union([Id, Type.Null()]),
    limitHours: Type.Number({ exclusiveMinimum: 0, maximum: 8760 }),
  },
  { additionalProperties: false },
);

export const ResponsibilitiesSchema = Type.Object(
  {
    city: Id,
    /** What in the file is real and what is made up (shown in the UI and data/README). */
    provenance: Type.String(),
    synthetic: Type.Boolean(),
    units: Type.Array(ResponsibilityUnitSchema),
    lists: Type.Array(ResponsibilityListSchema),
    routes: Type.Array(ResponsibilityRouteSchema),
  },
  { additionalProperties: false },
);
export type Responsibilities = Static<typeof ResponsibilitiesSchema>;
export type ResponsibilityRoute = Static<typeof ResponsibilityRouteSchema>;
export type ResponsibilityItem = Static<typeof ResponsibilityItemSchema>;
export type ResponsibilityUnit = Static<typeof ResponsibilityUnitSchema>;

const check = Compile(ResponsibilitiesSchema);

/**
 * Every problem with a parsed responsibilities file, each as `path: message`; empty when it is
 * usable. Beyond the schema: ids unique, items and routes pointing at things that exist, and exactly
 * one route for every subcategory of the taxonomy (an event nobody answers for is the bug to catch).
 */
export function responsibilityProblems(value: unknown): string[] {
  if (!check.Check(value)) {
    return [...check.Errors(value)].slice(0, 20).map((e) => `${e.instancePath || '/'}: ${e.message}`);
  }
  const file = value as Responsibilities;
  const problems: string[] = [];
  const units = new Set<string>();
  for (const [i, u] of file.units.entries()) {
    if (units.has(u.id)) problems.push(`/units/${i}: duplicate unit id ${u.id}`);
    units.add(u.id);
  }
  const items = new Map<string, { list: ListId; item: ResponsibilityItem }>();
  const lists = new Set<string>();
  for (const [li, list] of file.lists.entries()) {
    if (lists.has(list.id)) problems.push(`/lists/${li}: duplicate list ${list.id}`);
    lists.add(list.id);
    for (const [ii, item] of list.items.entries()) {
      const where = `/lists/${li}/items/${ii}`;
      if (items.has(item.id)) problems.push(`${where}: duplicate item id ${item.id}`);
      if (!units.has(item.unitId)) problems.push(`${where}: unknown unit ${item.unitId}`);
      items.set(item.id, { list: list.id, item });
    }
  }
  const routed = new Set<string>();
  for (const [i, r] of file.routes.entries()) {
    const where = `/routes/${i}`;
    const key = `${r.category}.${r.subcategory}`;
    const category = CATEGORIES.find((c) => c.id === r.category);
    if (!category?.subcategories.some((s) => s.id === r.subcategory))
      problems.push(`${where}: ${key} is not in the event taxonomy`);
    if (routed.has(key)) problems.push(`${where}: a second route for ${key}`);
    routed.add(key);
    const found = items.get(r.itemId);
    if (!found) problems.push(`${where}: unknown item ${r.itemId}`);
    else if (found.list !== r.list) problems.push(`${where}: item ${r.itemId} is in list ${found.list}`);
    if (r.level === 'department') {
      if (r.unitId === null || !units.has(r.unitId))
        problems.push(`${where}: a department route needs a known unitId (got ${r.unitId})`);
    } else if (r.unitId !== null) {
      problems.push(
        `${where}: a ${r.level} route takes its unit from the event's grids; unitId must be null`,
      );
    }
  }
  for (const c of CATEGORIES) {
    for (const s of c.subcategories) {
      if (!routed.has(`${c.id}.${s.id}`)) problems.push(`/routes: no route for ${c.id}.${s.id}`);
    }
  }
  return problems;
}
