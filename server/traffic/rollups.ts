import type { ParkingSummary } from '../../shared/traffic/parking';
import type { TpiResult } from '../../shared/traffic/tpi';

/** Bucket lengths stored, in minutes. */
export type Resolution = 1 | 15;

/** One stored bucket of one area: `city` or `district:<id>`. */
export interface RollupRow {
  resolution: Resolution;
  scope: string;
  /** Bucket start (epoch ms). */
  bucket: number;
  tpi: number | null;
  coverage: number;
  parkingOccupancy: number | null;
  parkingFree: number | null;
  /** How many readings of the state the bucket averages. */
  samples: number;
}

/** Start of the `minutes`-long bucket holding `at` (buckets aligned to the epoch, so to UTC). */
export function bucketStart(at: number, minutes: number): number {
  return Math.floor(at / (minutes * 60_000)) * minutes * 60_000;
}

/** One 1-minute row per area (the city and each district) from the state's figures at one moment. */
export function minuteRows(tpi: TpiResult, parking: ParkingSummary, bucket: number): RollupRow[] {
  const scopes = [
    ['city', tpi.city, parking.city] as const,
    ...Object.entries(tpi.districts).map(([id, t]) => [`district:${id}`, t, parking.districts[id]] as const),
  ];
  return scopes.map(([scope, t, p]) => ({
    resolution: 1,
    scope,
    bucket,
    tpi: t.tpi,
    coverage: t.coverage,
    parkingOccupancy: p?.occupancy ?? null,
    parkingFree: p && p.occupancy !== null ? p.free : null,
    samples: 1,
  }));
}

/**
 * Folds finer rows into one row per scope for the `resolution` bucket starting at `bucket`: means
 * weighted by samples, each figure over the rows that have it (an unknown minute does not drag the
 * TPI towards 0, it just does not count).
 */
export function mergeRows(rows: readonly RollupRow[], resolution: Resolution, bucket: number): RollupRow[] {
  const byScope = new Map<string, RollupRow[]>();
  for (const r of rows) byScope.set(r.scope, [...(byScope.get(r.scope) ?? []), r]);
  return [...byScope].map(([scope, rs]) => ({
    resolution,
    scope,
    bucket,
    tpi: mean(rs, (r) => r.tpi),
    coverage: mean(rs, (r) => r.coverage) ?? 0,
    parkingOccupancy: mean(rs, (r) => r.parkingOccupancy),
    parkingFree: roundOrNull(mean(rs, (r) => r.parkingFree)),
    samples: rs.reduce((n, r) => n + r.samples, 0),
  }));
}

function mean(rows: readonly RollupRow[], value: (r: RollupRow) => number | null): number | null {
  let sum = 0;
  let weight = 0;
  for (const r of rows) {
    const v = value(r);
    if (v === null) continue;
    sum += v * r.samples;
    weight += r.samples;
  }
  return weight > 0 ? sum / weight : null;
}

const roundOrNull = (v: number | null) => (v === null ? null : Math.round(v));
