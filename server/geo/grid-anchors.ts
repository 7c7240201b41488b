import type { GridLevel } from '../../shared/domain/grid';
import type { Position } from '../../shared/geo/geometry';
import type { GridLevels } from '../../shared/geo/grid-topology';
import { labelPoint } from '../../shared/geo/label-point';

/**
 * A point inside each grid, for events reported by grid id rather than by position. A micro-grid is a
 * convex cell, so its centroid lies inside it; a larger grid's centroid may not (unions are
 * concave), so it takes the anchor of its micro-grid nearest to that centroid.
 */
export function gridAnchors(
  levels: GridLevels,
  microAncestors: (microId: string) => string[],
): Map<string, Position> {
  const anchors = new Map<string, Position>();
  for (const f of levels.micro) anchors.set(f.id, labelPoint(f.geometry));
  const centroids = new Map<string, Position>();
  for (const level of ['district', 'community', 'full'] as GridLevel[]) {
    for (const f of levels[level]) centroids.set(f.id, labelPoint(f.geometry));
  }
  const best = new Map<string, { d: number; at: Position }>();
  for (const [microId, at] of anchors) {
    for (const ancestor of microAncestors(microId)) {
      const c = centroids.get(ancestor);
      if (!c) continue;
      const d = (at[0] - c[0]) ** 2 + (at[1] - c[1]) ** 2;
      const current = best.get(ancestor);
      if (!current || d < current.d) best.set(ancestor, { d, at });
    }
  }
  for (const [id, { at }] of best) anchors.set(id, at);
  return anchors;
}
