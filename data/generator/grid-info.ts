import type { GridInfo } from '../../shared/domain/grid';
import type { Position } from '../../shared/geo/geometry';
import type { Random } from '../../shared/util/random';
import type { CellAssignment, DistrictConfig } from './assign-hierarchy';

/** Static facts about the city itself. */
export const CITY = { id: 'longgang', code: '330383', name: '龙港市', nameEn: 'Longgang' } as const;

/**
 * Synthetic population per micro-grid: denser places get more people per cell, the New City fewer;
 * scaled to exactly `total` by largest remainder. Household size 2.5–3.3 (Zhejiang urban range).
 */
function microPopulation(
  cells: readonly CellAssignment[],
  pos: readonly Position[],
  density: (p: Position) => number,
  newCityCode: string,
  total: number,
  rng: Random,
): { population: number[]; households: number[] } {
  const weights = cells.map((c, i) => {
    const d = density(pos[i]!);
    const base = c.communityCode === newCityCode ? 0.45 : 0.8 + Math.min(0.6, d / 10);
    return base * (0.7 + 0.6 * rng.next());
  });
  const sum = weights.reduce((s, w) => s + w, 0);
  const raw = weights.map((w) => (total * w) / sum);
  const population = raw.map(Math.floor);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  let left = total - population.reduce((s, v) => s + v, 0);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    population[i]!++;
  }
  const households = population.map((p) => Math.max(1, Math.round(p / (2.5 + 0.8 * rng.next()))));
  return { population, households };
}

/** Builds GridInfo for every grid at every level, with micro figures summed up the hierarchy. */
export function buildGridInfo(
  cells: readonly CellAssignment[],
  pos: readonly Position[],
  density: (p: Position) => number,
  districts: readonly DistrictConfig[],
  communityNames: ReadonlyMap<string, string>,
  newCityCode: string,
  totalPopulation: number,
  rng: Random,
): Map<string, GridInfo> {
  const info = new Map<string, GridInfo>();
  const put = (g: Omit<GridInfo, 'population' | 'households'>) => {
    if (!info.has(g.id)) info.set(g.id, { ...g, population: 0, households: 0 });
  };
  put({ id: CITY.id, code: CITY.code, name: CITY.name, level: 'city', parentId: null });
  for (const d of districts)
    put({ id: d.id, code: `${CITY.code}${d.id}`, name: d.name, level: 'district', parentId: CITY.id });
  const { population, households } = microPopulation(cells, pos, density, newCityCode, totalPopulation, rng);
  cells.forEach((c, i) => {
    const cname = communityNames.get(c.communityCode) ?? c.communityCode;
    const short = cname.replace(/社区$/, '');
    const f = Number(c.fullId.slice(-2));
    const m = Number(c.microId.slice(c.microId.lastIndexOf('M') + 1));
    put({
      id: c.communityCode,
      code: c.communityCode,
      name: cname,
      level: 'community',
      parentId: c.districtId,
    });
    put({
      id: c.fullId,
      code: c.fullId,
      name: `${short}第${f}全科网格`,
      level: 'full',
      parentId: c.communityCode,
    });
    put({
      id: c.microId,
      code: c.microId,
      name: `${short}${f}-${m}微网格`,
      level: 'micro',
      parentId: c.fullId,
    });
    // Roll the micro figures up every ancestor.
    for (
      let g: GridInfo | undefined = info.get(c.microId);
      g;
      g = g.parentId ? info.get(g.parentId) : undefined
    ) {
      g.population += population[i]!;
      g.households += households[i]!;
    }
  });
  return info;
}
