import { gcj02ToWgs84 } from '../../shared/geo/gcj02';
import type { Position, Ring } from '../../shared/geo/geometry';

/** Rounds to 1e-6° (about 0.1 m): finer than the TopoJSON grid, so rounding never decides topology. */
export const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

function perpDistance(p: Position, a: Position, b: Position): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  if (len2 === 0) return Math.hypot(p[0] - a[0], p[1] - a[1]);
  const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
}

/** Douglas–Peucker on an open polyline; returns the kept indices' points. */
function douglasPeucker(points: Position[], eps: number): Position[] {
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length > 0) {
    const [i, j] = stack.pop()!;
    let best = -1;
    let bestD = eps;
    for (let k = i + 1; k < j; k++) {
      const d = perpDistance(points[k]!, points[i]!, points[j]!);
      if (d > bestD) {
        bestD = d;
        best = k;
      }
    }
    if (best >= 0) {
      keep[best] = 1;
      stack.push([i, best], [best, j]);
    }
  }
  return points.filter((_, k) => keep[k] === 1);
}

/**
 * Simplifies a closed GCJ-02 ring to at most `maxVertices` vertices (searching the Douglas–Peucker
 * tolerance), then converts it to WGS-84 and rounds to 1e-6°. The ring is split at its farthest
 * vertex from the start so both halves keep their extremes.
 */
export function simplifyOutline(gcjRing: Ring, maxVertices: number): Ring {
  const open = gcjRing.slice(0, -1);
  let far = 0;
  open.forEach((p, i) => {
    if (
      Math.hypot(p[0] - open[0]![0], p[1] - open[0]![1]) >
      Math.hypot(open[far]![0] - open[0]![0], open[far]![1] - open[0]![1])
    )
      far = i;
  });
  const run = (eps: number) => {
    const a = douglasPeucker(open.slice(0, far + 1), eps);
    const b = douglasPeucker([...open.slice(far), open[0]!], eps);
    return [...a, ...b.slice(1)];
  };
  let lo = 0;
  let hi = 0.05;
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    if (run(mid).length > maxVertices) lo = mid;
    else hi = mid;
  }
  const simplified = run(hi); // closed: last equals first
  return simplified.map(([lon, lat]) => {
    const [x, y] = gcj02ToWgs84(lon, lat);
    return [round6(x), round6(y)] as Position;
  });
}
