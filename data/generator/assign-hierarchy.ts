import type { Position } from '../../shared/geo/geometry';
import { type CellGraph, growRegions, splitEvenly } from './partition';

/** District settings read from inputs/districts.json. */
export interface DistrictConfig {
  id: string;
  name: string;
  nameEn: string;
  anchor: Position;
  /** Inclusive ranges of the NBS code suffix (the last three digits). */
  communities: [number, number][];
}

export interface HierarchyConfig {
  districts: DistrictConfig[];
  newCity: { code: string; fullGrids: number; microGrids: number };
  totals: { full: number; micro: number; population: number };
}

/** Where each cell ended up: ids of its micro-grid and every ancestor. */
export interface CellAssignment {
  microId: string;
  fullId: string;
  communityCode: string;
  districtId: string;
}

const CODE_PREFIX = '330383198';

/** Orders cells north to south in bands, alternating direction, so neighbouring numbers sit side by side. */
export function serpentine(
  pos: readonly Position[],
  items: number[],
  at: (i: number) => Position = (i) => pos[i]!,
): number[] {
  if (items.length < 2) return [...items];
  const lats = items.map((i) => at(i)[1]);
  const top = Math.max(...lats);
  const h = Math.max(
    1e-9,
    (top - Math.min(...lats)) / Math.max(1, Math.round(Math.sqrt(items.length) / 1.5)),
  );
  const band = (i: number) => Math.floor((top - at(i)[1]) / h);
  return [...items].sort((a, b) => {
    const ba = band(a);
    const bb = band(b);
    if (ba !== bb) return ba - bb;
    return ba % 2 === 0 ? at(a)[0] - at(b)[0] : at(b)[0] - at(a)[0];
  });
}

/** Splits `total` into integer parts proportional to `weights`, each at least `min` (largest remainder). */
export function apportion(total: number, weights: readonly number[], min: number): number[] {
  const free = total - min * weights.length;
  const sum = weights.reduce((s, w) => s + w, 0);
  const raw = weights.map((w) => (free * w) / sum);
  const out = raw.map((r) => min + Math.floor(r));
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  let left = total - out.reduce((s, v) => s + v, 0);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    out[i]!++;
  }
  return out;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * Assigns every cell to a micro-grid, full-service grid, community and district with exactly the
 * configured counts: districts grow from their anchors to sizes proportional to their community
 * counts, then each district splits evenly into its communities, each community into its full-service
 * grids; every cell is one micro-grid. All regions are connected by construction.
 */
export function assignHierarchy(g: CellGraph, cfg: HierarchyConfig): CellAssignment[] {
  const all = g.pos.map((_, i) => i);
  const codesOf = (d: DistrictConfig) =>
    d.communities.flatMap(([a, b]) =>
      Array.from({ length: b - a + 1 }, (_, k) => `${CODE_PREFIX}${pad(a + k, 3)}`),
    );
  const nearest = (p: Position) =>
    all.reduce(
      (best, i) =>
        Math.hypot(g.pos[i]![0] - p[0], g.pos[i]![1] - p[1]) <
        Math.hypot(g.pos[best]![0] - p[0], g.pos[best]![1] - p[1])
          ? i
          : best,
      0,
    );
  const ordinary = cfg.districts.filter((d) => !codesOf(d).includes(cfg.newCity.code));
  const ordinaryCount = ordinary.reduce((s, d) => s + codesOf(d).length, 0);
  const targets = cfg.districts.map((d) =>
    codesOf(d).includes(cfg.newCity.code)
      ? cfg.newCity.microGrids
      : ((cfg.totals.micro - cfg.newCity.microGrids) * codesOf(d).length) / ordinaryCount,
  );
  const districtOf = growRegions(
    g,
    all,
    cfg.districts.map((d) => nearest(d.anchor)),
    targets,
  );

  const communityCells = new Map<string, number[]>();
  const communityDistrict = new Map<string, string>();
  cfg.districts.forEach((d, k) => {
    const cells = all.filter((i) => districtOf.get(i) === k);
    const codes = codesOf(d).sort();
    const groups = splitEvenly(g, cells, codes.length);
    const centre = (grp: number[]): Position => [
      grp.reduce((s, i) => s + g.pos[i]![0], 0) / grp.length,
      grp.reduce((s, i) => s + g.pos[i]![1], 0) / grp.length,
    ];
    const order = serpentine(
      g.pos,
      groups.map((_, i) => i),
      (i) => centre(groups[i]!),
    );
    order.forEach((gi, rank) => {
      communityCells.set(codes[rank]!, groups[gi]!);
      communityDistrict.set(codes[rank]!, d.id);
    });
  });

  const codes = [...communityCells.keys()].sort();
  const ordinaryCodes = codes.filter((c) => c !== cfg.newCity.code);
  const fullCounts = apportion(
    cfg.totals.full - cfg.newCity.fullGrids,
    ordinaryCodes.map((c) => communityCells.get(c)!.length),
    2,
  );
  const out: CellAssignment[] = new Array(g.pos.length);
  for (const code of codes) {
    const cells = communityCells.get(code)!;
    const k = code === cfg.newCity.code ? cfg.newCity.fullGrids : fullCounts[ordinaryCodes.indexOf(code)]!;
    const groups = splitEvenly(g, cells, Math.min(k, cells.length));
    const centre = (grp: number[]): Position => g.pos[grp[0]!]!;
    serpentine(
      g.pos,
      groups.map((_, i) => i),
      (i) => centre(groups[i]!),
    ).forEach((gi, rank) => {
      const fullId = `${code}F${pad(rank + 1, 2)}`;
      const members = serpentine(g.pos, groups[gi]!);
      const width = members.length > 99 ? 3 : 2;
      members.forEach((cell, m) => {
        out[cell] = {
          microId: `${fullId}M${pad(m + 1, width)}`,
          fullId,
          communityCode: code,
          districtId: communityDistrict.get(code)!,
        };
      });
    });
  }
  return out;
}
