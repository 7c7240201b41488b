import { describe, expect, it } from 'vitest';
import { bucketStart, mergeRows, type RollupRow } from './rollups';

const row = (bucket: number, tpi: number | null, occupancy: number | null): RollupRow => ({
  resolution: 1,
  scope: 'city',
  bucket,
  tpi,
  coverage: tpi === null ? 0 : 1,
  parkingOccupancy: occupancy,
  parkingFree: occupancy === null ? null : 100,
  samples: 1,
});

describe('rollups', () => {
  it('aligns buckets', () => {
    expect(bucketStart(15 * 60_000 + 59_999, 15)).toBe(15 * 60_000);
    expect(bucketStart(61_000, 1)).toBe(60_000);
  });

  it('folds minutes into a quarter; unknown minutes do not count as 0', () => {
    const [q] = mergeRows([row(0, 2, 0.5), row(60_000, null, null), row(120_000, 5, 0.8)], 15, 0);
    expect(q).toMatchObject({ resolution: 15, scope: 'city', bucket: 0, samples: 3, parkingFree: 100 });
    expect(q!.tpi).toBeCloseTo(3.5);
    expect(q!.parkingOccupancy).toBeCloseTo(0.65);
    expect(q!.coverage).toBeCloseTo(2 / 3);
  });
});
