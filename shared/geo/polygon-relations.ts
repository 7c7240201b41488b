import type { MultiPolygon } from 'polygon-clipping';
import polygonClipping from 'polygon-clipping';
import type { AreaGeometry } from './geometry';
import { areaM2, polygonsOf } from './geometry';
import { type PackedPolygons, packedBBox, packPolygons, pointInPacked } from './point-in-polygon';
import { orient } from './segments';

/**
 * Edges closer than this (degrees, ~0.1 mm) to each other's line count as collinear: coordinates that
 * went through a datum conversion or float rounding differ by ~1e-10°, and such near-coincident shared
 * edges must not look like crossings.
 */
const NEAR_EPS = 1e-9;

function crossesClearly(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
): boolean {
  const lab = Math.hypot(bx - ax, by - ay);
  const lcd = Math.hypot(dx - cx, dy - cy);
  const o1 = orient(ax, ay, bx, by, cx, cy) / lab;
  const o2 = orient(ax, ay, bx, by, dx, dy) / lab;
  const o3 = orient(cx, cy, dx, dy, ax, ay) / lcd;
  const o4 = orient(cx, cy, dx, dy, bx, by) / lcd;
  return (
    ((o1 > NEAR_EPS && o2 < -NEAR_EPS) || (o1 < -NEAR_EPS && o2 > NEAR_EPS)) &&
    ((o3 > NEAR_EPS && o4 < -NEAR_EPS) || (o3 < -NEAR_EPS && o4 > NEAR_EPS))
  );
}

/** A geometry with its packed form, built once and reused for every pair it takes part in. */
export interface PreparedArea {
  geometry: AreaGeometry;
  packed: PackedPolygons;
  areaM2: number;
}

/** Packs a geometry and measures it once. */
export function prepareArea(geometry: AreaGeometry): PreparedArea {
  return { geometry, packed: packPolygons([geometry]), areaM2: areaM2(polygonsOf(geometry)) };
}

function bboxesMeet(a: PreparedArea, b: PreparedArea): boolean {
  const [aw, as, ae, an] = packedBBox(a.packed, 0);
  const [bw, bs, be, bn] = packedBBox(b.packed, 0);
  return aw <= be && bw <= ae && as <= bn && bs <= an;
}

/** True if any vertex or edge midpoint of `a` has the wanted relation (-1 out, 1 in) to `b`. */
function anyPointOf(a: PreparedArea, b: PreparedArea, wanted: -1 | 1): boolean {
  const c = a.packed.coords;
  const [bw, bs, be, bn] = packedBBox(b.packed, 0);
  const rs = a.packed.ringStarts;
  for (let r = 0; r + 1 < rs.length; r++) {
    for (let i = rs[r]! * 2; i < rs[r + 1]! * 2 - 2; i += 2) {
      const pts = [c[i]!, c[i + 1]!, (c[i]! + c[i + 2]!) / 2, (c[i + 1]! + c[i + 3]!) / 2];
      for (let k = 0; k < 4; k += 2) {
        const x = pts[k]!;
        const y = pts[k + 1]!;
        const inBox = x >= bw && x <= be && y >= bs && y <= bn;
        if (wanted === -1 && !inBox) return true;
        if (inBox && pointInPacked(b.packed, 0, x, y) === wanted) return true;
      }
    }
  }
  return false;
}

/** True if some edge of `a` properly crosses some edge of `b`. */
function edgesCross(a: PreparedArea, b: PreparedArea): boolean {
  const ca = a.packed.coords;
  const cb = b.packed.coords;
  const ra = a.packed.ringStarts;
  const rb = b.packed.ringStarts;
  for (let r = 0; r + 1 < ra.length; r++) {
    for (let i = ra[r]! * 2; i < ra[r + 1]! * 2 - 2; i += 2) {
      const ax = ca[i]!;
      const ay = ca[i + 1]!;
      const bx = ca[i + 2]!;
      const by = ca[i + 3]!;
      for (let s = 0; s + 1 < rb.length; s++) {
        for (let j = rb[s]! * 2; j < rb[s + 1]! * 2 - 2; j += 2) {
          const cx = cb[j]!;
          const cy = cb[j + 1]!;
          const dx = cb[j + 2]!;
          const dy = cb[j + 3]!;
          if (Math.max(cx, dx) < Math.min(ax, bx) || Math.min(cx, dx) > Math.max(ax, bx)) continue;
          if (Math.max(cy, dy) < Math.min(ay, by) || Math.min(cy, dy) > Math.max(ay, by)) continue;
          if (crossesClearly(ax, ay, bx, by, cx, cy, dx, dy)) return true;
        }
      }
    }
  }
  return false;
}

const snap = (g: AreaGeometry, step: number) =>
  polygonsOf(g).map((p) =>
    p.map((r) => r.map(([x, y]) => [Math.round(x / step) * step, Math.round(y / step) * step])),
  ) as MultiPolygon;

/**
 * Exact area via polygon-clipping. Its sweep can fail on near-coincident edges; snapping to 1e-9° and
 * then 1e-8° (~1 mm) removes those without changing any area that matters. Infinity if all fail, so
 * the caller reports the pair rather than silently passing it.
 */
function clipArea(op: 'difference' | 'intersection', a: AreaGeometry, b: AreaGeometry): number {
  const run = (pa: MultiPolygon, pb: MultiPolygon) =>
    areaM2(op === 'difference' ? polygonClipping.difference(pa, pb) : polygonClipping.intersection(pa, pb));
  for (const step of [0, 1e-9, 1e-8]) {
    try {
      const pa = step === 0 ? (polygonsOf(a) as MultiPolygon) : snap(a, step);
      const pb = step === 0 ? (polygonsOf(b) as MultiPolygon) : snap(b, step);
      return run(pa, pb);
    } catch {
      // try the next, coarser snap
    }
  }
  return Infinity;
}

/**
 * Area (m²) of `child` lying outside `parent`. Cheap exact-arithmetic tests first prove the common
 * case (child vertices and edge midpoints inside or on the parent, no edge crossings, no parent vertex
 * inside the child) is zero; only suspicious pairs pay for a polygon-clipping difference.
 */
export function outsideAreaM2(child: PreparedArea, parent: PreparedArea): number {
  if (!bboxesMeet(child, parent)) return child.areaM2;
  const suspicious =
    anyPointOf(child, parent, -1) || anyPointOf(parent, child, 1) || edgesCross(child, parent);
  return suspicious ? clipArea('difference', child.geometry, parent.geometry) : 0;
}

/** Area (m²) shared by two features of one level, with the same cheap pre-tests as outsideAreaM2. */
export function overlapAreaM2(a: PreparedArea, b: PreparedArea): number {
  if (!bboxesMeet(a, b)) return 0;
  const [aw, as, ae, an] = packedBBox(a.packed, 0);
  const [bw, bs, be, bn] = packedBBox(b.packed, 0);
  // Coincident features have every point on each other's boundary: only the bbox gives them away.
  const sameBox = aw === bw && as === bs && ae === be && an === bn;
  const suspicious = sameBox || anyPointOf(a, b, 1) || anyPointOf(b, a, 1) || edgesCross(a, b);
  return suspicious ? clipArea('intersection', a.geometry, b.geometry) : 0;
}
