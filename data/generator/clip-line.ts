import type { Position, Ring } from '../../shared/geo/geometry';
import { pointInGeometry } from '../../shared/geo/point-in-polygon';

/** Parameter t in (0,1) along ab where it crosses cd, or null. */
function crossAt(a: Position, b: Position, c: Position, d: Position): number | null {
  const rx = b[0] - a[0];
  const ry = b[1] - a[1];
  const sx = d[0] - c[0];
  const sy = d[1] - c[1];
  const den = rx * sy - ry * sx;
  if (den === 0) return null;
  const t = ((c[0] - a[0]) * sy - (c[1] - a[1]) * sx) / den;
  const u = ((c[0] - a[0]) * ry - (c[1] - a[1]) * rx) / den;
  return t > 0 && t < 1 && u >= 0 && u <= 1 ? t : null;
}

/**
 * Clips a polyline to a polygon ring: splits it wherever it crosses the ring and keeps the pieces whose
 * midpoints are inside. Returns the inside pieces in order.
 */
export function clipLine(path: readonly Position[], ring: Ring): Position[][] {
  const geom = { type: 'Polygon' as const, coordinates: [ring] };
  const pts: Position[] = [];
  for (let i = 0; i + 1 < path.length; i++) {
    const a = path[i]!;
    const b = path[i + 1]!;
    const ts: number[] = [];
    for (let k = 0; k + 1 < ring.length; k++) {
      const t = crossAt(a, b, ring[k]!, ring[k + 1]!);
      if (t !== null) ts.push(t);
    }
    pts.push(a);
    for (const t of ts.sort((x, y) => x - y)) pts.push([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]);
  }
  pts.push(path[path.length - 1]!);
  const out: Position[][] = [];
  let cur: Position[] = [];
  for (let i = 0; i + 1 < pts.length; i++) {
    const a = pts[i]!;
    const b = pts[i + 1]!;
    const inside = pointInGeometry(geom, (a[0] + b[0]) / 2, (a[1] + b[1]) / 2) === 1;
    if (inside) {
      if (cur.length === 0) cur.push(a);
      cur.push(b);
    } else if (cur.length > 0) {
      out.push(cur);
      cur = [];
    }
  }
  if (cur.length > 0) out.push(cur);
  return out;
}
