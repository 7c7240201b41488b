import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bd09ToWgs84, gcj02ToBd09, gcj02ToWgs84, outOfChina, wgs84ToBd09, wgs84ToGcj02 } from './gcj02';
import { distanceM } from './geometry';

// Longgang city hall (WGS-84, docs/domain.md).
const HALL: [number, number] = [120.54889, 27.58194];

describe('gcj02', () => {
  it('shifts Longgang by a few hundred metres, as the reference boundary suggests', () => {
    const g = wgs84ToGcj02(...HALL);
    const shift = distanceM(HALL, g);
    expect(shift).toBeGreaterThan(300);
    expect(shift).toBeLessThan(700);
    // East and south, about 0.004° east as domain.md notes for the AMap outline.
    expect(g[0] - HALL[0]).toBeCloseTo(0.004, 3);
    expect(g[1]).toBeLessThan(HALL[1]);
  });

  it('a GCJ-02 point converts back to within a few millimetres of its WGS-84 truth', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 100, max: 130, noNaN: true }),
        fc.double({ min: 20, max: 45, noNaN: true }),
        (lon, lat) => {
          const back = gcj02ToWgs84(...wgs84ToGcj02(lon, lat));
          expect(distanceM([lon, lat], back)).toBeLessThan(0.01);
        },
      ),
    );
  });

  it('BD-09 round-trips through GCJ-02 within a few metres', () => {
    const bd = wgs84ToBd09(...HALL);
    expect(distanceM(HALL, bd)).toBeGreaterThan(500);
    expect(distanceM(HALL, bd09ToWgs84(...bd))).toBeLessThan(1);
    expect(gcj02ToBd09(...wgs84ToGcj02(...HALL))).toEqual(bd);
  });

  it('leaves points outside China untouched', () => {
    expect(outOfChina(2.35, 48.85)).toBe(true);
    expect(wgs84ToGcj02(2.35, 48.85)).toEqual([2.35, 48.85]);
    expect(gcj02ToWgs84(2.35, 48.85)).toEqual([2.35, 48.85]);
  });
});
