/**
 * Event reports for load tests: valid inputs (real taxonomy, positions inside Longgang's micro-grids)
 * so that every one is validated, located and committed as a real report would be.
 */
import { fileURLToPath } from 'node:url';
import { type CityDataset, loadCityDataset } from '../../server/geo/city-dataset';
import { CATEGORIES } from '../../shared/domain/categories';
import type { EventInput } from '../../shared/schemas/event';

/** The city folder the benchmarks' servers run on (the server's default). */
export const CITY_DIR = fileURLToPath(new URL('../../data/longgang', import.meta.url));

/** Longgang's dataset, as the server loads it. */
export function loadCity(): CityDataset {
  return loadCityDataset(CITY_DIR);
}

/** Positions inside the city: each micro-grid's anchor, nudged a little (a few metres) per use. */
export function cityPoints(dataset: CityDataset = loadCity(), max = 4000): [number, number][] {
  const points: [number, number][] = [];
  for (const g of dataset.byLevel.micro) {
    const a = dataset.anchorOf(g.id);
    if (a) points.push(a);
    if (points.length >= max) break;
  }
  return points;
}

const KINDS = CATEGORIES.flatMap((c) => c.subcategories.map((s) => [c.id, s.id] as const));

/** The `i`-th report of a run: id `<prefix>-<i>`, a fixed mix of kinds and places, `occurredAt` if given. */
export function eventInput(
  prefix: string,
  i: number,
  points: readonly [number, number][],
  occurredAt?: number,
): EventInput {
  const [category, subcategory] = KINDS[i % KINDS.length]!;
  const [lon, lat] = points[(i * 7919) % points.length]!;
  const jitter = ((i % 97) - 48) * 1e-6;
  return {
    id: `${prefix}-${i}`,
    source: 'sensor',
    category,
    subcategory,
    lon: lon + jitter,
    lat: lat - jitter,
    description: `bench report ${i}`,
    ...(occurredAt === undefined ? {} : { occurredAt }),
  };
}
