import { describe, expect, it } from 'vitest';
import { todayFigures } from './stats';

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
