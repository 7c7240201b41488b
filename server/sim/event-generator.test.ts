import { describe, expect, it } from 'vitest';
import { subcategoryOf } from '../../shared/domain/categories';
import { createRandom } from '../../shared/util/random';
import { DIURNAL, type GeneratorSpace, generateEvents } from './event-generator';

const space: GeneratorSpace = {
  randomPoint: (r) => [120.5 + r.next() * 0.1, 27.5 + r.next() * 0.08],
  hotspots: [{ lon: 120.55, lat: 27.58, hourly: Array(24).fill(1), categories: ['urban'] }],
  hourOf: (t) => Math.floor(t / 3_600_000) % 24,
  inside: () => true,
};
const DAY = 86_400_000;

describe('generateEvents', () => {
  it('is deterministic from the seed', () => {
    const a = generateEvents(createRandom(42), space, 0, DAY, 4000);
    const b = generateEvents(createRandom(42), space, 0, DAY, 4000);
    const c = generateEvents(createRandom(43), space, 0, DAY, 4000);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('produces about the asked number a day, inside the interval, from the taxonomy', () => {
    const events = generateEvents(createRandom(7), space, 0, DAY, 4000);
    expect(events.length).toBeGreaterThan(3600);
    expect(events.length).toBeLessThan(4400);
    for (const e of events) {
      expect(e.occurredAt).toBeGreaterThanOrEqual(0);
      expect(e.occurredAt).toBeLessThan(DAY);
      expect(subcategoryOf(e.category, e.subcategory)).toBeDefined();
    }
  });

  it('scatters hotspot reports only where the city is, else puts them on the spot', () => {
    // A hotspot on the shore: the city lies east of it (lon ≥ 120.55) only.
    const shore: GeneratorSpace = {
      ...space,
      randomPoint: () => [120.6, 27.58],
      inside: (lon) => lon >= 120.55,
    };
    const events = generateEvents(createRandom(11), shore, 0, DAY, 4000);
    const nearSpot = events.filter((e) => Math.abs((e.lat ?? 0) - 27.58) < 0.01 && e.lon !== 120.6);
    expect(nearSpot.length).toBeGreaterThan(500);
    for (const e of events) expect(e.lon).toBeGreaterThanOrEqual(120.55);
  });

  it('follows the diurnal curve: the busiest hour sees several times the quietest', () => {
    const events = generateEvents(createRandom(9), space, 0, 7 * DAY, 20_000);
    const byHour = Array(24).fill(0);
    for (const e of events) byHour[space.hourOf(e.occurredAt ?? 0)]++;
    const peak = DIURNAL.indexOf(Math.max(...DIURNAL));
    const quiet = DIURNAL.indexOf(Math.min(...DIURNAL));
    expect(byHour[peak] / byHour[quiet]).toBeGreaterThan(5);
  });

  it('generates nothing over an empty interval', () => {
    expect(generateEvents(createRandom(1), space, 1000, 1000, 4000)).toEqual([]);
  });
});
