import { describe, expect, it } from 'vitest';
import type { TrafficState } from '../../shared/schemas/traffic';
import { trafficSignalsOf } from './traffic-signals';

const figure = (tpi: number | null) => ({ tpi, level: null, coverage: 1, meanSpeedKmh: null });

describe('traffic signals from the traffic pool', () => {
  it('takes known district TPIs, heavy segments and lot occupancy, leaving unknowns out', () => {
    const state = {
      version: 3,
      at: 1000,
      staleMs: 600_000,
      simulated: true,
      tpi: { city: figure(5), districts: { D01: figure(6.5), D02: figure(null) } },
      parking: { city: {}, districts: {} },
      segments: [
        { id: 'R1', speedKmh: 8, level: 4, observedAt: 900 },
        { id: 'R2', speedKmh: 30, level: 2, observedAt: 900 },
        { id: 'R3', speedKmh: null, level: null, observedAt: null },
      ],
      lots: [
        { id: 'P1', capacity: 200, occupied: 196, free: 4, observedAt: 900 },
        { id: 'P2', capacity: 100, occupied: null, free: null, observedAt: null },
      ],
    } as unknown as TrafficState;
    expect(trafficSignalsOf(state)).toEqual({
      at: 1000,
      districtTpi: { D01: 6.5 },
      heavySegments: ['R1'],
      parkingOccupancy: { P1: 0.98 },
    });
  });
});
