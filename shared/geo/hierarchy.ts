import type { GridInfo, GridLevel, GridPath } from '../domain/grid';

/** Parent links and child lists over a set of grids of every level. */
export interface GridHierarchy {
  grids: ReadonlyMap<string, GridInfo>;
  /** Children ids of a grid, in id order (empty for micro-grids and unknown ids). */
  childrenOf(id: string): readonly string[];
  /** The chain of ancestors of `id`, nearest first, excluding `id` itself. */
  ancestorsOf(id: string): GridInfo[];
  /** The micro → district path of a micro-grid, or null if the id is not a micro-grid with a full chain. */
  pathOf(microId: string): GridPath | null;
}

/** Builds parent and child maps from grid records; pathOf results are cached per micro-grid. */
export function buildHierarchy(grids: Iterable<GridInfo>): GridHierarchy {
  const byId = new Map<string, GridInfo>();
  for (const g of grids) byId.set(g.id, g);
  const children = new Map<string, string[]>();
  for (const g of byId.values()) {
    if (g.parentId === null) continue;
    const list = children.get(g.parentId) ?? [];
    list.push(g.id);
    children.set(g.parentId, list);
  }
  for (const list of children.values()) list.sort();

  const ancestorsOf = (id: string): GridInfo[] => {
    const out: GridInfo[] = [];
    let cur = byId.get(id);
    // The guard bounds the walk even if bad data made a cycle.
    while (cur?.parentId && out.length < 8) {
      const p = byId.get(cur.parentId);
      if (!p) break;
      out.push(p);
      cur = p;
    }
    return out;
  };

  const cache = new Map<string, GridPath | null>();
  const pathOf = (microId: string): GridPath | null => {
    const hit = cache.get(microId);
    if (hit !== undefined) return hit;
    const micro = byId.get(microId);
    let path: GridPath | null = null;
    if (micro?.level === 'micro') {
      const at: Partial<Record<GridLevel, string>> = {};
      for (const a of ancestorsOf(microId)) at[a.level] = a.id;
      if (at.full && at.community && at.district) {
        path = { micro: microId, full: at.full, community: at.community, district: at.district };
      }
    }
    cache.set(microId, path);
    return path;
  };

  return { grids: byId, childrenOf: (id) => children.get(id) ?? [], ancestorsOf, pathOf };
}
