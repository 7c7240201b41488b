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
    // 9,000 accidents reported and cleared: what is held is the one road still recovering, not them.
    expect(tracker.size).toBe(ROADS.length);
    expect(tracker.factors(now)[0]).toBeLessThan(1);
    // Long after, one more batch: everything earlier has recovered and is forgotten.
    now += recoveryMs + 60_000;
    tracker.observe([accident('late', 'reported')], now);
    expect(tracker.size).toBe(1);
  });

  it('recovers a segment from the latest accident to clear on it, and holds it slow while one is open', () => {
    const tracker = new AccidentTracker(ROADS);
    const { factor, recoveryMs } = DEFAULT_ACCIDENT_OPTIONS;
    const t0 = Date.UTC(2026, 2, 2, 2, 0, 0);
    tracker.observe([accident('first', 'reported'), accident('second', 'reported')], t0);
    tracker.observe([accident('first', 'cancelled')], t0 + 60_000);
    // The second is still open: the road stays at the accident factor.
    expect(tracker.factors(t0 + 2 * 60_000)[0]).toBeCloseTo(factor);
    const secondClears = t0 + 5 * 60_000;
    tracker.observe([accident('second', 'cancelled')], secondClears);
    // Half the recovery after the second cleared (not the first): half way back to full speed.
    expect(tracker.factors(secondClears + recoveryMs / 2)[0]).toBeCloseTo(factor + (1 - factor) / 2);
    expect(tracker.factors(secondClears + recoveryMs)[0]).toBe(1);
    expect(tracker.size).toBe(0);
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
