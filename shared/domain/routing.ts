import type { GridPath } from './grid';
import {
  HANDLING_LEVEL_NAMES,
  type HandlingLevel,
  type ListId,
  type Responsibilities,
} from './responsibilities';

/** What the console proposes when an officer dispatches an event. */
export interface RouteProposal {
  /** The assignee a dispatch should name: `team:<full>`, `community:<id>`, `district:<id>`, `dept:…`, `provider:…`. */
  unitId: string;
  unitName: string;
  level: HandlingLevel;
  limitHours: number;
  list: ListId;
  itemId: string;
  itemName: string;
  /** One line a duty officer can read: which item, which level, why this unit. */
  reason: string;
}

/** The facts of an event routing looks at. */
export interface RoutableEvent {
  category: string;
  subcategory: string;
  keyPerson?: boolean;
}

/** Grid id → display name (districts, communities, full-service grids). */
export type GridNames = (gridId: string) => string | undefined;

/**
 * The responsible unit for an event, from the responsibility lists and the event's grid path. A
 * department route names its unit; district, community and grid routes take the event's own district,
 * community or full-service grid. Two adjustments, both stated in `reason`: an event involving a key
 * person is raised to at least the district (the seed's 重点人 are a district matter), and an event
 * without a grid path goes to the item's owning unit. Null when no route covers the event's kind.
 */
export function proposeUnit(
  event: RoutableEvent,
  lists: Responsibilities,
  gridPath: GridPath | null,
  names: GridNames,
): RouteProposal | null {
  const route = lists.routes.find(
    (r) => r.category === event.category && r.subcategory === event.subcategory,
  );
  if (!route) return null;
  const list = lists.lists.find((l) => l.id === route.list);
  const item = list?.items.find((i) => i.id === route.itemId);
  if (!list || !item) return null;
  const unitName = (id: string) => lists.units.find((u) => u.id === id)?.name ?? id;
  const base = `${list.name} ${item.id}「${item.name}」`;
  const limit = `时限 ${route.limitHours} 小时`;
  let level: HandlingLevel = route.level;
  const notes: string[] = [];
  if (event.keyPerson && (level === 'grid' || level === 'community')) {
    level = 'district';
    notes.push('涉及重点人员，提级至片区');
  }
  if (level === 'department' || !gridPath) {
    const unitId = level === 'department' ? route.unitId! : item.unitId;
    if (level !== 'department') notes.push('事件未落入网格，交由事项主管单位');
    return {
      unitId,
      unitName: unitName(unitId),
      level: 'department',
      limitHours: route.limitHours,
      list: route.list,
      itemId: item.id,
      itemName: item.name,
      reason: [`${base} → ${HANDLING_LEVEL_NAMES.department}`, ...notes, limit].join('；'),
    };
  }
  const gridId =
    level === 'grid' ? gridPath.full : level === 'community' ? gridPath.community : gridPath.district;
  const prefix = level === 'grid' ? 'team' : level;
  const name = names(gridId) ?? gridId;
  return {
    unitId: `${prefix}:${gridId}`,
    unitName: level === 'grid' ? `${name}团队` : level === 'district' ? `${name}服务中心` : name,
    level,
    limitHours: route.limitHours,
    list: route.list,
    itemId: item.id,
    itemName: item.name,
    reason: [`${base} → ${HANDLING_LEVEL_NAMES[level]}（按事件所在网格）`, ...notes, limit].join('；'),
  };
}
