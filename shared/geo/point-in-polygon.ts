import type { AreaGeometry, BBox } from './geometry';
import { polygonsOf } from './geometry';

/**
 * Polygons packed into flat typed arrays so a lookup touches contiguous memory and allocates nothing.
 * Feature f owns rings featureRings[f] .. featureRings[f+1]-1; ring r owns coordinate pairs
 * ringStarts[r] .. ringStarts[r+1]-1 of coords (x, y interleaved; every ring closed).
 */
export interface PackedPolygons {
  coords: Float64Array;
  ringStarts: Uint32Array;
  featureRings: Uint32Array;
  bboxes: Float64Array;
}

/** Points closer than this (degrees, about 0.1 mm) to an edge count as on it. */
export const ON_EDGE_EPS = 1e-9;

/** Packs geometries, in order, into flat arrays. */
export function packPolygons(geometries: readonly AreaGeometry[]): PackedPolygons {
  let nPairs = 0;
  let nRings = 0;
  for (const g of geometries) {
    for (const poly of polygonsOf(g)) {
      for (const ring of poly) {
        nRings++;
        nPairs += ring.length + 1; // room for closing a ring left open
      }
    }
  }
  const coords = new Float64Array(nPairs * 2);
  const ringStarts = new Uint32Array(nRings + 1);
  const featureRings = new Uint32Array(geometries.length + 1);
  const bboxes = new Float64Array(geometries.length * 4);
  let p = 0;
  let r = 0;
  geometries.forEach((g, f) => {
    featureRings[f] = r;
    let w = Infinity;
    let s = Infinity;
    let e = -Infinity;
    let n = -Infinity;
    for (const poly of polygonsOf(g)) {
      for (const ring of poly) {
        ringStarts[r++] = p;
        const first = ring[0];
        const last = ring[ring.length - 1];
        const pts = first && last && (first[0] !== last[0] || first[1] !== last[1]) ? [...ring, first] : ring;
        for (const [x, y] of pts) {
          coords[p * 2] = x;
          coords[p * 2 + 1] = y;
          p++;
          if (x < w) w = x;
          if (x > e) e = x;
          if (y < s) s = y;
          if (y > n) n = y;
        }
      }
    }
    bboxes.set([w, s, e, n], f * 4);
  });
  featureRings[geometries.length] = r;
  ringStarts[r] = p;
  return { coords: coords.subarray(0, p * 2), ringStarts, featureRings, bboxes };
}

/**
 * Where (x, y) lies relative to packed feature f: 1 inside, 0 on its boundary, -1 outside.
 * Even-odd crossing count over all rings, so holes and multi-part features work without winding rules.
 */
export function pointInPacked(packed: PackedPolygons, f: number, x: number, y: number): -1 | 0 | 1 {
  const { coords, ringStarts, featureRings } = packed;
  let inside = false;
  const rEnd = featureRings[f + 1]!;
  for (let r = featureRings[f]!; r < rEnd; r++) {
    const end = ringStarts[r + 1]! * 2 - 2;
    for (let i = ringStarts[r]! * 2; i < end; i += 2) {
      const x1 = coords[i]!;
      const y1 = coords[i + 1]!;
      const x2 = coords[i + 2]!;
      const y2 = coords[i + 3]!;
      if (y1 > y !== y2 > y) {
        const xi = x1 + ((y - y1) * (x2 - x1)) / (y2 - y1);
        if (Math.abs(xi - x) <= ON_EDGE_EPS) return 0;
        if (x < xi) inside = !inside;
      } else if (y1 === y && (x === x1 || (y2 === y && (x - x1) * (x - x2) <= 0))) {
        return 0; // on a vertex or a horizontal edge: the crossing count cannot see these
      }
    }
  }
  return inside ? 1 : -1;
}

/** Where a point lies relative to one geometry: 1 inside, 0 on the boundary, -1 outside. */
export function pointInGeometry(geometry: AreaGeometry, x: number, y: number): -1 | 0 | 1 {
  return pointInPacked(packPolygons([geometry]), 0, x, y);
}

/** The bbox of packed feature f. */
export function packedBBox(packed: PackedPolygons, f: number): BBox {
  const b = packed.bboxes;
  return [b[f * 4]!, b[f * 4 + 1]!, b[f * 4 + 2]!, b[f * 4 + 3]!];
}
