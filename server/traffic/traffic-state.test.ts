import { describe, expect, it } from 'vitest';
import { TrafficStateModel } from './traffic-state';

const network = {
  roads: [
    { id: 'R1', roadClass: 'arterial' as const, lengthM: 1000, districtId: 'D01' },
    { id: 'R2', roadClass: 'collector' as const, lengthM: 1000, districtId: 'D01' },
  ],
  parking: [{ id: 'P1', capacity: 100, districtId: 'D01' }],
};
const MIN = 60_000;

describe('TrafficStateModel', () => {
  it('marks segments unknown once their last reading is older than staleMs, and TPI follows', () => {
    const state = new TrafficStateModel(network, 5 * MIN);
    const t0 = 1_790_000_000_000;
    state.apply([{ segmentId: 'R1', speedKmh: 35 }], t0);
    state.apply([{ segmentId: 'R2', speedKmh: 12 }], t0 + 3 * MIN);
    expect([...state.freshSpeeds(t0 + 5 * MIN)]).toEqual([35, 12]);
    // R1 is now 5 min + 1 ms old: unknown, not 35 and not "free"
    const later = state.freshSpeeds(t0 + 5 * MIN + 1);
    expect(later[0]).toBeNaN();
    expect(later[1]).toBe(12);
    const summary = state.summary(t0 + 5 * MIN + 1);
    expect(summary.tpi.city.coverage).toBe(0.5);
    expect(summary.tpi.city.tpi).toBeCloseTo(7.2); // collector 12 km/h: 6 + (15 − 12) / 5 × 2
    const json = state.toJson(t0 + 5 * MIN + 1, 1, false);
    expect(json.segments[0]).toEqual({ id: 'R1', speedKmh: null, level: null, observedAt: t0 });
    expect(json.segments[1]).toEqual({ id: 'R2', speedKmh: 12, level: 3, observedAt: t0 + 3 * MIN });
    expect(state.summary(t0 + 9 * MIN).tpi.city.tpi).toBeNull();
  });

  it('ignores a reading older than the one held (feeds arrive out of order)', () => {
    const state = new TrafficStateModel(network, 5 * MIN);
    expect(state.apply([{ segmentId: 'R1', speedKmh: 30, observedAt: 2000 }], 2000)).toBe(1);
    expect(state.apply([{ segmentId: 'R1', speedKmh: 60, observedAt: 1000 }], 2000)).toBe(0);
    expect(state.freshSpeeds(2000)[0]).toBe(30);
  });

  it('names unknown ids and future times', () => {
    const state = new TrafficStateModel(network, 5 * MIN);
    expect(
      state.check(
        [
          { segmentId: 'R9', speedKmh: 1 },
          { lotId: 'P1', occupied: 3, observedAt: 10 * MIN },
          { lotId: 'PX', occupied: 3 },
        ],
        0,
      ),
    ).toEqual([
      { index: 0, field: '/segmentId', message: 'unknown segment "R9"' },
      { index: 1, field: '/observedAt', message: 'lies in the future' },
      { index: 2, field: '/lotId', message: 'unknown parking lot "PX"' },
    ]);
  });
});
