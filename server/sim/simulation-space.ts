import type { Random } from '../../shared/util/random';
import { hourAt, utcOffsetMinutes } from '../../shared/util/time';
import type { CityDataset } from '../geo/city-dataset';
import type { GeneratorSpace, Hotspot } from './event-generator';

/** Hourly pull (0–23) and likely categories of each kind of key area. */
const PROFILES: Record<string, { hourly: number[]; categories: string[] }> = {
  school: { hourly: hours({ 7: 3, 8: 2, 11: 1.5, 16: 3, 17: 2 }), categories: ['traffic', 'urban'] },
  market: { hourly: hours({ 6: 2, 7: 3, 8: 3, 9: 2, 16: 2, 17: 2 }), categories: ['urban', 'environment'] },
  hospital: { hourly: hours({ 8: 2, 9: 2, 10: 2, 14: 1.5 }), categories: ['traffic', 'livelihood'] },
  transport: { hourly: hours({ 7: 2, 8: 2, 17: 2, 18: 2 }), categories: ['traffic', 'urban'] },
  industrial: { hourly: hours({ 9: 2, 10: 2, 14: 2, 15: 2 }), categories: ['safety', 'environment'] },
  flood: { hourly: hours({}), categories: ['emergency', 'environment'] },
  construction: { hourly: hours({ 9: 2, 10: 2, 14: 2, 15: 2 }), categories: ['safety', 'urban', 'policy'] },
};
const DEFAULT_PROFILE = { hourly: hours({}), categories: ['urban', 'livelihood'] };
const FLOOD_IN_RAIN = { hourly: Array.from({ length: 24 }, () => 12), categories: ['emergency'] };

/** Where simulated events happen in a city: uniformly inside it, or drawn to its key areas. */
export function createSimulationSpace(
  dataset: CityDataset,
  weather: 'clear' | 'rain' = 'clear',
): GeneratorSpace {
  const [w, s, e, n] = dataset.city.bbox;
  // Chinese cities keep one offset all year (no daylight saving), so reading it once is exact.
  const offset = utcOffsetMinutes(dataset.city.timezone, Date.now());
  const hotspots: Hotspot[] = dataset.keyAreas.map((a) => {
    // In rain the riverbank and low-lying spots flood: they draw many times more reports, mostly waterlogging.
    const profile =
      a.type === 'flood' && weather === 'rain' ? FLOOD_IN_RAIN : (PROFILES[a.type] ?? DEFAULT_PROFILE);
    return { lon: a.lon, lat: a.lat, hourly: profile.hourly, categories: profile.categories };
  });
  return {
    hotspots,
    hourOf: (t) => hourAt(t, offset),
    inside: (lon, lat) => dataset.locate(lon, lat) !== null,
    randomPoint: (random: Random) => {
      for (let tries = 0; tries < 100; tries++) {
        const lon = w + random.next() * (e - w);
        const lat = s + random.next() * (n - s);
        if (dataset.locate(lon, lat)) return [lon, lat];
      }
      return null;
    },
  };
}

function hours(peaks: Record<number, number>): number[] {
  return Array.from({ length: 24 }, (_, h) => peaks[h] ?? 1);
}
