import { describe, expect, it } from 'vitest';
import { parseCityTime } from '../../shared/util/city-day';
import { hourlyDay, todayFigures } from './stats';

describe('todayFigures', () => {
  it('turns counts into the wall figures', () => {
    expect(
      todayFigures({ reported: 8, reportedClosed: 3, closed: 5, avgHandlingMs: 47.46 * 60_000 }),
    ).toEqual({
      reportedToday: 8,
      closedToday: 5,
      avgHandlingMinutes: 47.5,
      closureRate: 0.375,
    });
  });
  it('says null, not zero, when there is nothing to measure', () => {
    expect(todayFigures({ reported: 0, reportedClosed: 0, closed: 0, avgHandlingMs: null })).toEqual({
      reportedToday: 0,
      closedToday: 0,
      avgHandlingMinutes: null,
      closureRate: null,
    });
  });
});

describe('hourlyDay', () => {
  it("puts the store's buckets on the city's clock hours, every category listed", () => {
    const from = Date.parse('2026-03-10T16:00:00Z'); // 2026-03-11 00:00 in Shanghai
    const day = hourlyDay(
      [
        { category: 'urban', bucket: 0, count: 4 },
        { category: 'urban', bucket: 23, count: 1 },
        { category: 'environment', bucket: 8, count: 2 },
        { category: 'no-such-category', bucket: 1, count: 9 },
      ],
      from,
      from + 86_400_000,
      'Asia/Shanghai',
    );
    expect(day.date).toBe('2026-03-11');
    expect(day.total).toBe(7);
    const urban = day.byCategory.find((c) => c.category === 'urban')!.hours;
    expect(urban[0]).toBe(4);
    expect(urban[23]).toBe(1);
    expect(day.byCategory.find((c) => c.category === 'environment')!.hours[8]).toBe(2);
    expect(day.byCategory.every((c) => c.hours.length === 24)).toBe(true);
  });
  it('leaves the skipped hour empty on a 23-hour day (a city with daylight saving)', () => {
    const zone = 'America/New_York';
    const from = parseCityTime('2026-03-08', zone)!;
    const to = parseCityTime('2026-03-09', zone)!;
    expect(to - from).toBe(23 * 3_600_000);
    const rows = Array.from({ length: 23 }, (_, bucket) => ({ category: 'urban', bucket, count: 1 }));
    const urban = hourlyDay(rows, from, to, zone).byCategory.find((c) => c.category === 'urban')!.hours;
    expect(urban[2]).toBe(0); // 02:00–03:00 does not exist that day
    expect(urban.filter((n) => n === 1)).toHaveLength(23);
  });
});
