import { describe, expect, it } from 'vitest';
import { computeTpi, type TpiSegment } from './tpi';

describe('computeTpi, length-weighted (hand-worked)', () => {
  const segments: TpiSegment[] = [
    { roadClass: 'arterial', lengthM: 1000, districtId: 'D01' }, // 35 km/h → index 3
    { roadClass: 'expressway', lengthM: 3000, districtId: 'D01' }, // 27.5 km/h → index 7
    { roadClass: 'collector', lengthM: 2000, districtId: 'D02' }, // 50 km/h → index 0
    { roadClass: 'branch', lengthM: 1000, districtId: 'D02' }, // unknown
  ];
  const result = computeTpi(segments, [35, 27.5, 50, Number.NaN]);

  it('D01: (1000 × 3 + 3000 × 7) / 4000 = 6.0, 中度拥堵', () => {
    const d = result.districts.D01!;
    expect(d.tpi).toBeCloseTo(6);
    expect(d.level).toBe(3);
    expect(d.coverage).toBe(1);
    expect(d.meanSpeedKmh).toBeCloseTo((1000 * 35 + 3000 * 27.5) / 4000);
  });

  it('D02: the unknown branch counts in coverage only, not as free or jammed', () => {
    const d = result.districts.D02!;
    expect(d.tpi).toBe(0);
    expect(d.level).toBe(0);
    expect(d.coverage).toBeCloseTo(2000 / 3000);
  });

  it('city: (3000 + 21000 + 0) / 6000 = 4.0, 轻度拥堵', () => {
    expect(result.city.tpi).toBeCloseTo(4);
    expect(result.city.level).toBe(2);
    expect(result.city.coverage).toBeCloseTo(6000 / 7000);
  });

  it('an area with no fresh data has no TPI (null), not 0', () => {
    const none = computeTpi(segments, [Number.NaN, Number.NaN, Number.NaN, Number.NaN]);
    expect(none.city).toEqual({ tpi: null, level: null, coverage: 0, meanSpeedKmh: null });
  });
});
