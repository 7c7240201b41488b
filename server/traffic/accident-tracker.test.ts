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

  it('slows exactly the segments within the radius, the long and the bent ones too', () => {
    // A grid of roads 0.001° apart (about 100 m) with a few long diagonals and an L-shaped one: the
    // index finds candidates by bounding box, the distance test decides, as a scan of all would.
    const roads: { path: [number, number][] }[] = [];
    for (let i = 0; i < 40; i++)
      for (let j = 0; j < 40; j++)
        roads.push({
          path: [
            [114.2 + i * 0.001, 22.7 + j * 0.001],
            [114.2 + (i + 1) * 0.001, 22.7 + j * 0.001],
          ],
        });
    roads.push({
      path: [
        [114.19, 22.69],
        [114.25, 22.75],
      ],
    });
    roads.push({
      path: [
        [114.1, 22.75],
        [114.2195, 22.75],
        [114.2195, 22.6],
      ],
    });
    const tracker = new AccidentTracker(roads);
    const [lon, lat] = [114.2183, 22.7151];
    const now = Date.UTC(2026, 2, 2, 2);
    tracker.observe([makeEvent('a', { category: 'traffic', subcategory: 'accident', lon, lat })], now);
    const slowed = [...tracker.factors(now)].flatMap((f, i) => (f < 1 ? [i] : []));
    const kx = 111_320 * Math.cos((lat * Math.PI) / 180);
    const ky = 110_540;
    const within = (a: [number, number], b: [number, number]) => {
      // Distance from the accident to segment a–b, sampled finely (no shared code with the tracker).
      let best = Number.POSITIVE_INFINITY;
      for (let t = 0; t <= 1; t += 0.0005) {
        const x = (a[0] + t * (b[0] - a[0]) - lon) * kx;
        const y = (a[1] + t * (b[1] - a[1]) - lat) * ky;
        best = Math.min(best, Math.hypot(x, y));
      }
      return best <= DEFAULT_ACCIDENT_OPTIONS.radiusM;
    };
    const expected = roads.flatMap((r, i) =>
      r.path.some((a, k) => k + 1 < r.path.length && within(a, r.path[k + 1]!)) ? [i] : [],
    );
    expect(expected.length).toBeGreaterThan(20);
    expect(expected).toContain(roads.length - 2); // the long diagonal passes within 300 m
    expect(expected).toContain(roads.length - 1); // the bent road's second leg does too
    expect(slowed).toEqual(expected);
  });
});
