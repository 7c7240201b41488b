import type { GridEvent } from '../schemas/event';
import { isFinalStatus } from './event-status';
import { slaState } from './sla';

/** Live figures of one grid (any level) or of the whole city. */
export interface GridCounts {
  open: number;
  /** Dispatched or in handling and past the deadline. */
  overdue: number;
  /** Within the last 20 % of the time limit. */
  near: number;
  /** Open events of critical or high severity. */
  severe: number;
}

/** The key of the whole city in a counts map. */
export const CITY_KEY = 'city';

const zero = (): GridCounts => ({ open: 0, overdue: 0, near: 0, severe: 0 });

/**
 * Rolls open events up micro → full-service → community → district → city. Server and client share
 * this function, so the snapshot's counts and the counts a screen keeps live are the same by
 * construction. Events outside every grid count for the city only.
 */
export function rollUpCounts(events: Iterable<GridEvent>, now: number): Map<string, GridCounts> {
  const counts = new Map<string, GridCounts>([[CITY_KEY, zero()]]);
  const add = (key: string, open: number, overdue: number, near: number, severe: number) => {
    let c = counts.get(key);
    if (!c) {
      c = zero();
      counts.set(key, c);
    }
    c.open += open;
    c.overdue += overdue;
    c.near += near;
    c.severe += severe;
  };
  for (const e of events) {
    if (isFinalStatus(e.status)) continue;
    const sla = slaState(e, now);
    const overdue = sla === 'overdue' ? 1 : 0;
    const near = sla === 'near' ? 1 : 0;
    const severe = e.severity === 'critical' || e.severity === 'high' ? 1 : 0;
    add(CITY_KEY, 1, overdue, near, severe);
    if (e.grid) {
      for (const id of [e.grid.micro, e.grid.full, e.grid.community, e.grid.district])
        add(id, 1, overdue, near, severe);
    }
  }
  return counts;
}
