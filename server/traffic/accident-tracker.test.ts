import { describe, expect, it } from 'vitest';
import { makeEvent } from '../../tests/fixtures/events';
import { AccidentTracker, DEFAULT_ACCIDENT_OPTIONS } from './accident-tracker';

const ROADS = [
  {
    path: [
      [114.2, 22.7],
      [114.21, 22.7],
    ] as [number, number][],
  },
];
const accident = (id: string, status: 'reported' | 'cancelled') =>
  makeEvent(id, { category: 'traffic', subcategory: 'accident', lon: 114.205, lat: 22.7, status });

describe('AccidentTracker memory', () => {
  it('forgets recovered accidents as events arrive, with no simulator asking for factors', () => {
    const tracker = new AccidentTracker(ROADS);
    const { recoveryMs } = DEFAULT_ACCIDENT_OPTIONS;
    let now = Date.UTC(2026, 2, 2, 2, 0, 0);
    // A steady stream: each minute 50 accidents are reported and 50 cleared, for three hours.
    for (let minute = 0; minute < 180; minute++) {
      const batch = [];
      for (let i = 0; i < 50; i++) batch.push(accident(`a${minute}-${i}`, 'reported'));
      tracker.observe(batch, now);
      tracker.observe(
        batch.map((e) => ({ ...e, status: 'cancelled' as const })),
        now,
      );
      now += 60_000;
    }
    // Only those cleared within the recovery time (plus one sweep interval) are still held.
    const perMinute = 50;
    expect(tracker.size).toBeLessThanOrEqual(perMinute * (recoveryMs / 60_000 + 2));
    expect(tracker.size).toBeGreaterThan(0);
    // Long after, one more batch: everything earlier has recovered and is forgotten.
    now += recoveryMs + 60_000;
    tracker.observe([accident('late', 'reported')], now);
    expect(tracker.size).toBe(1);
  });

  it('still slows the road while an accident is open', () => {
    const tracker = new AccidentTracker(ROADS);
    const now = Date.UTC(2026, 2, 2, 2, 0, 0);
    tracker.observe([accident('open', 'reported')], now);
    tracker.observe([], now + 10 * 60_000);
    expect(tracker.size).toBe(1);
    expect(tracker.factors(now + 10 * 60_000)[0]).toBeCloseTo(DEFAULT_ACCIDENT_OPTIONS.factor);
  });
});
