import type { BBox, Position, Ring } from './geometry';
import { ringAreaM2 } from './geometry';
import { orient, segmentsTouch } from './segments';

/** What is wrong with one ring, if anything. */
export interface RingIssue {
  problem: 'invalid-ring' | 'self-intersection' | 'coordinate-range';
  message: string;
}

/** Drops consecutive repeated positions, which are harmless and would fake "touching" edges. */
function dedupe(ring: Ring): Position[] {
  const out: Position[] = [];
  for (const p of ring) {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  return out;
}

/**
 * Checks one ring: finite coordinates inside the WGS-84 range (and `expected` when given), closed,
 * at least three distinct vertices, non-zero area, and no two edges touching except neighbours at
 * their shared vertex. Self-intersection uses a sweep over edges sorted by min x.
 */
export function checkRing(ring: Ring, expected?: BBox): RingIssue[] {
  for (const p of ring) {
    const [x, y] = p;
    if (!Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x) > 180 || Math.abs(y) > 90) {
      return [{ problem: 'coordinate-range', message: `coordinate [${x}, ${y}] is not a WGS-84 lon/lat` }];
    }
    if (expected && (x < expected[0] || x > expected[2] || y < expected[1] || y > expected[3])) {
      return [
        {
          problem: 'coordinate-range',
          message: `coordinate [${x}, ${y}] is outside the expected area [${expected.join(', ')}] (swapped lat/lon, or wrong CRS?)`,
        },
      ];
    }
  }
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (!first || !last || first[0] !== last[0] || first[1] !== last[1]) {
    return [{ problem: 'invalid-ring', message: 'ring is not closed (first and last positions differ)' }];
  }
  const pts = dedupe(ring);
  if (pts.length < 4) {
    return [
      { problem: 'invalid-ring', message: `ring has ${pts.length - 1} distinct vertices, needs at least 3` },
    ];
  }
  if (Math.abs(ringAreaM2(pts)) < 1e-6) return [{ problem: 'invalid-ring', message: 'ring has zero area' }];
  const hit = findSelfIntersection(pts);
  return hit
    ? [{ problem: 'self-intersection', message: `ring intersects itself near [${hit.join(', ')}]` }]
    : [];
}

/** The first place where two edges of a closed, deduplicated ring meet illegally, or null. */
export function findSelfIntersection(pts: Position[]): Position | null {
  const n = pts.length - 1; // edges i: pts[i] → pts[i+1]
  const order = Array.from({ length: n }, (_, i) => i);
  const minX = (i: number) => Math.min(pts[i]![0], pts[i + 1]![0]);
  const maxX = (i: number) => Math.max(pts[i]![0], pts[i + 1]![0]);
  order.sort((a, b) => minX(a) - minX(b));
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    const [ax, ay] = pts[i]!;
    const [bx, by] = pts[i + 1]!;
    const iMaxX = maxX(i);
    for (let m = k + 1; m < n; m++) {
      const j = order[m]!;
      if (minX(j) > iMaxX) break;
      const [cx, cy] = pts[j]!;
      const [dx, dy] = pts[j + 1]!;
      if (Math.max(cy, dy) < Math.min(ay, by) || Math.min(cy, dy) > Math.max(ay, by)) continue;
      const adjacent = Math.abs(i - j) === 1 || Math.abs(i - j) === n - 1;
      if (adjacent) {
        // Neighbours share one vertex; they are bad only if they fold back over each other.
        const shared = j === (i + 1) % n ? pts[j]! : pts[i]!;
        const a = j === (i + 1) % n ? pts[i]! : pts[i + 1]!;
        const b = j === (i + 1) % n ? pts[j + 1]! : pts[j]!;
        const collinear = orient(a[0], a[1], shared[0], shared[1], b[0], b[1]) === 0;
        const backwards =
          (a[0] - shared[0]) * (b[0] - shared[0]) + (a[1] - shared[1]) * (b[1] - shared[1]) > 0;
        if (collinear && backwards) return shared;
      } else if (segmentsTouch(ax, ay, bx, by, cx, cy, dx, dy)) {
        return [(ax + bx) / 2, (ay + by) / 2];
      }
    }
  }
  return null;
}
