import { Delaunay } from 'd3';
import type { MultiPolygon, Polygon } from 'polygon-clipping';
import polygonClipping from 'polygon-clipping';
import type { Position, Ring } from '../../shared/geo/geometry';
import { pointInGeometry } from '../../shared/geo/point-in-polygon';
import type { Random } from '../../shared/util/random';
import { round6 } from './outline';

/** A centre of population: weight and spread (degrees) of a Gaussian bump in the density field. */
export interface DensityPeak {
  lon: number;
  lat: number;
  weight: number;
  sigma: number;
}

/** Density settings: peaks on a base, damped inside the sparse New City box. */
export interface DensityConfig {
  base: number;
  peaks: DensityPeak[];
  /** [w, s, e, n] of the reclaimed New City, where density is multiplied by `sparseFactor`. */
  sparseBox: [number, number, number, number];
  sparseFactor: number;
}

/** Relative micro-grid density at a point: high in the old city, low on the New City's reclaimed land. */
export function densityAt(cfg: DensityConfig, lon: number, lat: number): number {
  let d = cfg.base;
  for (const p of cfg.peaks) {
    const r2 = ((lon - p.lon) ** 2 + (lat - p.lat) ** 2) / (p.sigma * p.sigma);
    d += p.weight * Math.exp(-r2 / 2);
  }
  const [w, s, e, n] = cfg.sparseBox;
  // A soft edge (~300 m) keeps cell sizes from jumping at the box boundary.
  const soft = (v: number) => 1 / (1 + Math.exp(-v / 0.003));
  const inside = soft(lon - w) * soft(e - lon) * soft(lat - s) * soft(n - lat);
  return d * (1 - inside * (1 - cfg.sparseFactor));
}

/**
 * Draws `count` seeds inside the outline by rejection sampling on the density, then relaxes them
 * with two Lloyd steps so cells are less ragged while keeping the density gradient.
 */
export function sampleSeeds(outline: Ring, count: number, cfg: DensityConfig, rng: Random): Position[] {
  const geom = { type: 'Polygon' as const, coordinates: [outline] };
  const xs = outline.map((p) => p[0]);
  const ys = outline.map((p) => p[1]);
  const [w, e, s, n] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  let maxD = 0;
  for (let i = 0; i <= 200; i++) {
    for (let j = 0; j <= 200; j++)
      maxD = Math.max(maxD, densityAt(cfg, w + ((e - w) * i) / 200, s + ((n - s) * j) / 200));
  }
  const seeds: Position[] = [];
  while (seeds.length < count) {
    const x = w + rng.next() * (e - w);
    const y = s + rng.next() * (n - s);
    if (rng.next() * maxD > densityAt(cfg, x, y)) continue;
    if (pointInGeometry(geom, x, y) === 1) seeds.push([x, y]);
  }
  for (let iter = 0; iter < 2; iter++) {
    const vor = Delaunay.from(seeds).voronoi([w, s, e, n]);
    seeds.forEach((p, i) => {
      const cell = vor.cellPolygon(i);
      if (!cell) return;
      let cx = 0;
      let cy = 0;
      for (let k = 0; k + 1 < cell.length; k++) {
        cx += cell[k]![0];
        cy += cell[k]![1];
      }
      cx /= cell.length - 1;
      cy /= cell.length - 1;
      // Half a step keeps the density gradient; centroids outside the city are refused.
      const nx = (p[0] + cx) / 2;
      const ny = (p[1] + cy) / 2;
      if (pointInGeometry(geom, nx, ny) === 1) seeds[i] = [nx, ny];
    });
  }
  return seeds;
}

/** Voronoi cells of the seeds clipped to the outline, one (Multi)Polygon per seed, rounded to 1e-6°. */
export function voronoiCells(seeds: Position[], outline: Ring): MultiPolygon[] {
  const xs = outline.map((p) => p[0]);
  const ys = outline.map((p) => p[1]);
  const box: [number, number, number, number] = [
    Math.min(...xs) - 0.01,
    Math.min(...ys) - 0.01,
    Math.max(...xs) + 0.01,
    Math.max(...ys) + 0.01,
  ];
  const vor = Delaunay.from(seeds).voronoi(box);
  const clip: Polygon = [outline];
  return seeds.map((_, i) => {
    const cell = vor.cellPolygon(i) as [number, number][];
    const clipped = polygonClipping.intersection([cell], clip);
    return clipped.map((poly) =>
      poly.map((ring) => ring.map(([x, y]) => [round6(x), round6(y)] as [number, number])),
    );
  });
}
