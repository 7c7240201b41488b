import { describe, expect, it } from 'vitest';
import { addDays, cityDate, parseCityTime, startOfCityDay } from './city-day';

const TZ = 'Asia/Shanghai';

describe('city-local times', () => {
  it('reads local dates and times in the city zone, and ISO times with their own offset', () => {
    expect(parseCityTime('2025-01-15 08:00', TZ)).toBe(Date.UTC(2025, 0, 15, 0, 0));
    expect(parseCityTime('2025-01-15', TZ)).toBe(Date.UTC(2025, 0, 14, 16, 0));
    expect(parseCityTime('2025-01-15T08:00+08:00', TZ)).toBe(Date.UTC(2025, 0, 15, 0, 0));
    expect(parseCityTime('2025-03-30 02:30', 'Europe/Berlin')).toBe(Date.UTC(2025, 2, 30, 1, 30));
  });
  it('refuses days that do not exist and other shapes', () => {
    for (const bad of ['2025-02-30', '2025-01-15 24:00', '15/01/2025', '', '2025-01-15 8:00']) {
      expect(parseCityTime(bad, TZ), bad).toBeNull();
    }
  });
  it('finds the city day of an instant, not the machine’s', () => {
    const at = Date.UTC(2025, 0, 15, 17, 0); // 01:00 on the 16th in Longgang
    expect(cityDate(at, TZ)).toBe('2025-01-16');
    expect(startOfCityDay(at, TZ)).toBe(Date.UTC(2025, 0, 15, 16, 0));
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
  });
});
