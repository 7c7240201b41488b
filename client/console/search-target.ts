import type { GridInfo } from '../../shared/domain/grid';

/** What the console's search box opens for a query. */
export type SearchTarget =
  | { kind: 'event'; id: string }
  | { kind: 'grid'; id: string }
  /** The city's grids are not in yet: ask again when they are. */
  | { kind: 'wait' }
  | { kind: 'none' };

/**
 * An event the live store holds, else a grid by code, id or part of its name, else an event id to
 * look up on the server. The grids come with the city data, after the page: a grid's name typed
 * before they are in would otherwise be looked up as an event id and answered "not found".
 */
export function searchTarget(
  query: string,
  hasEvent: (id: string) => boolean,
  grids: ReadonlyMap<string, GridInfo>,
): SearchTarget {
  const q = query.trim();
  if (!q) return { kind: 'none' };
  if (hasEvent(q)) return { kind: 'event', id: q };
  if (grids.size === 0) return { kind: 'wait' };
  for (const g of grids.values()) {
    if (g.code === q || g.id === q || g.name.includes(q)) return { kind: 'grid', id: g.id };
  }
  return { kind: 'event', id: q };
}
