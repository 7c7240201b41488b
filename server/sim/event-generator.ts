import { CATEGORIES } from '../../shared/domain/categories';
import type { EventInput } from '../../shared/schemas/event';
import type { Random } from '../../shared/util/random';

/** A place events tend to happen: a key area (market, school, park…) with a weight per hour. */
export interface Hotspot {
  lon: number;
  lat: number;
  /** Relative pull at each hour of the day (24 entries). */
  hourly: readonly number[];
  categories: readonly string[];
}

export interface GeneratorSpace {
  /** A uniformly random point inside the city, or null if none was found. */
  randomPoint(random: Random): [number, number] | null;
  /** Whether a point lies in one of the city's grids. */
  inside(lon: number, lat: number): boolean;
  hotspots: readonly Hotspot[];
  /** Hour of day (0–23) in the city's time zone for an epoch-ms time. */
  hourOf(time: number): number;
}

/** Scatters tried around a hotspot before a report falls on the spot itself. */
const SCATTER_TRIES = 10;

/** Relative arrival rate by hour of day: quiet nights, busy mornings and afternoons (mean 1). */
export const DIURNAL: readonly number[] = normalise([
  0.25, 0.18, 0.15, 0.15, 0.2, 0.35, 0.7, 1.1, 1.5, 1.7, 1.7, 1.5, 1.2, 1.3, 1.5, 1.6, 1.6, 1.5, 1.3, 1.1,
  0.9, 0.7, 0.5, 0.35,
]);

/** Share of each category in the city's reports (by CATEGORIES order). */
const CATEGORY_MIX: Record<string, number> = {
  safety: 8,
  stability: 6,
  environment: 15,
  policy: 4,
  party: 2,
  urban: 30,
  livelihood: 12,
  traffic: 15,
  emergency: 3,
};
const CATEGORY_WEIGHTS = CATEGORIES.map((c) => CATEGORY_MIX[c.id] ?? 1);

/**
 * Generates the events that occur in the simulated interval [from, to): a Poisson process whose rate
 * follows the diurnal curve, a third of them drawn to hotspots. Pure given `random`.
 */
export function generateEvents(
  random: Random,
  space: GeneratorSpace,
  from: number,
  to: number,
  eventsPerDay: number,
): Omit<EventInput, 'id'>[] {
  const out: Omit<EventInput, 'id'>[] = [];
  const meanPerMs = eventsPerDay / 86_400_000;
  let t = from;
  for (;;) {
    // Thinning: draw at the peak rate, keep with probability rate(t) / peak.
    const peak = meanPerMs * 1.8;
    t += -Math.log(1 - random.next()) / peak;
    if (t >= to) break;
    const hour = space.hourOf(t);
    if (random.next() * 1.8 > (DIURNAL[hour] ?? 1)) continue;
    const event = makeEvent(random, space, hour, t);
    if (event) out.push(event);
  }
  return out;
}

function makeEvent(
  random: Random,
  space: GeneratorSpace,
  hour: number,
  t: number,
): Omit<EventInput, 'id'> | null {
  const useHotspot = space.hotspots.length > 0 && random.next() < 0.35;
  let lon: number;
  let lat: number;
  let category = CATEGORIES[random.weighted(CATEGORY_WEIGHTS)] ?? CATEGORIES[0]!;
  if (useHotspot) {
    const spot = space.hotspots[random.weighted(space.hotspots.map((h) => h.hourly[hour] ?? 1))]!;
    // Scatter around the spot, about 150 m, inside the city: a key area on the shore or the boundary
    // would otherwise send some of its reports to the sea, where no grid takes them.
    [lon, lat] = [spot.lon, spot.lat];
    for (let tries = 0; tries < SCATTER_TRIES; tries++) {
      const x = spot.lon + random.normal(0, 0.0015);
      const y = spot.lat + random.normal(0, 0.0013);
      if (space.inside(x, y)) {
        [lon, lat] = [x, y];
        break;
      }
    }
    const preferred = CATEGORIES.find((c) => c.id === random.pick(spot.categories));
    if (preferred && random.next() < 0.6) category = preferred;
  } else {
    const point = space.randomPoint(random);
    if (!point) return null;
    [lon, lat] = point;
  }
  const sub = random.pick(category.subcategories);
  return {
    source: 'simulator',
    category: category.id as EventInput['category'],
    subcategory: sub.id,
    lon: round6(lon),
    lat: round6(lat),
    description: `${sub.name}（模拟）`,
    occurredAt: Math.floor(t),
  };
}

function normalise(values: number[]): number[] {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return values.map((v) => v / mean);
}

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
