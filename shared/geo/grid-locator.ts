import Flatbush from 'flatbush';
import type { AreaFeature } from './geometry';
import { type PackedPolygons, packPolygons, pointInPacked } from './point-in-polygon';

/** Finds which polygon of a non-overlapping set contains a point. */
export interface GridLocator {
  /**
   * Id of the feature containing (lon, lat), or null when the point is outside every feature
   * ("outside the city"). A point on an edge or vertex shared by several features goes to the one with
   * the lowest id (plain string order), so the answer never depends on input or index order.
   */
  locate(lon: number, lat: number): string | null;
  /** Number of indexed features. */
  readonly size: number;
}

const PAD = 1e-9;

/**
 * Builds a locator. Features are sorted by id, packed into flat typed arrays and indexed with flatbush;
 * flatbush then fills a uniform bucket grid (cells about the size of a median feature) with each cell's
 * candidate list in ascending index order. A lookup is one bucket read plus exact even-odd tests
 * (boundary counts as inside), stopping at the first hit: because candidates are in id order, the
 * first hit is the lowest-id owner of a shared edge. Building takes tens of milliseconds for 3,229
 * features; lookups allocate nothing.
 */
export function createGridLocator(features: readonly AreaFeature[]): GridLocator {
  const sorted = [...features].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const n = sorted.length;
  if (n === 0) return { locate: () => null, size: 0 };
  const ids = sorted.map((f) => f.id);
  const packed: PackedPolygons = packPolygons(sorted.map((f) => f.geometry));
  const b = packed.bboxes;
  const index = new Flatbush(n);
  const widths: number[] = [];
  const heights: number[] = [];
  for (let f = 0; f < n; f++) {
    index.add(b[f * 4]!, b[f * 4 + 1]!, b[f * 4 + 2]!, b[f * 4 + 3]!);
    widths.push(b[f * 4 + 2]! - b[f * 4]!);
    heights.push(b[f * 4 + 3]! - b[f * 4 + 1]!);
  }
  index.finish();

  const median = (v: number[]) => v.sort((x, y) => x - y)[v.length >> 1]! || 1e-6;
  const { minX, minY, maxX, maxY } = index;
  const nx = Math.max(1, Math.min(1024, Math.ceil((maxX - minX) / median(widths))));
  const ny = Math.max(1, Math.min(1024, Math.ceil((maxY - minY) / median(heights))));
  const cw = (maxX - minX) / nx || 1;
  const ch = (maxY - minY) / ny || 1;
  const starts = new Uint32Array(nx * ny + 1);
  const lists: number[][] = [];
  let total = 0;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const x0 = minX + i * cw;
      const y0 = minY + j * ch;
      const hits = index.search(x0 - PAD, y0 - PAD, x0 + cw + PAD, y0 + ch + PAD).sort((p, q) => p - q);
      starts[j * nx + i] = total;
      total += hits.length;
      lists.push(hits);
    }
  }
  starts[nx * ny] = total;
  const items = new Uint32Array(total);
  let k = 0;
  for (const list of lists) for (const f of list) items[k++] = f;

  return {
    size: n,
    locate(lon: number, lat: number): string | null {
      if (!(lon >= minX && lon <= maxX && lat >= minY && lat <= maxY)) return null;
      const i = Math.min(nx - 1, Math.floor((lon - minX) / cw));
      const j = Math.min(ny - 1, Math.floor((lat - minY) / ch));
      const c = j * nx + i;
      const end = starts[c + 1]!;
      for (let t = starts[c]!; t < end; t++) {
        const f = items[t]!;
        if (lon < b[f * 4]! || lon > b[f * 4 + 2]! || lat < b[f * 4 + 1]! || lat > b[f * 4 + 3]!) continue;
        if (pointInPacked(packed, f, lon, lat) >= 0) return ids[f]!;
      }
      return null;
    },
  };
}
