import { type RoadClass, segmentIndex, type TrafficLevel, tpiLevel } from './speed-bands';

/** What the TPI needs of a road segment. */
export interface TpiSegment {
  roadClass: RoadClass;
  lengthM: number;
  districtId: string;
}

/** The TPI of an area at one moment. */
export interface TpiFigure {
  /** 0–10, or null when no segment of the area has fresh data (unknown is never guessed). */
  tpi: number | null;
  level: TrafficLevel | null;
  /** Share of the area's road length with fresh data, 0–1. */
  coverage: number;
  /** Length-weighted mean speed of the segments with fresh data (km/h), or null. */
  meanSpeedKmh: number | null;
}

export interface TpiResult {
  city: TpiFigure;
  districts: Record<string, TpiFigure>;
}

interface Sums {
  total: number;
  known: number;
  index: number;
  speed: number;
}

/**
 * City and district TPI, length-weighted: TPI = Σ(lengthᵢ × indexᵢ) / Σ lengthᵢ over the segments with
 * a fresh speed, where indexᵢ = segmentIndex(speedᵢ, classᵢ). `speeds` is in segment order, NaN for
 * unknown (stale or never observed); unknown segments count in neither sum, only in coverage.
 *
 * Why not DB11/T 785's own formula: it maps the congested share of vehicle-kilometres (from floating-car
 * volumes) to the index, and we have no volumes. A length-weighted mean of per-segment indices keeps the
 * same 0–10 scale and bands, and an area whose roads are all in one band lands in that band.
 */
export function computeTpi(segments: readonly TpiSegment[], speeds: ArrayLike<number>): TpiResult {
  const city: Sums = { total: 0, known: 0, index: 0, speed: 0 };
  const districts = new Map<string, Sums>();
  segments.forEach((s, i) => {
    let d = districts.get(s.districtId);
    if (!d) {
      d = { total: 0, known: 0, index: 0, speed: 0 };
      districts.set(s.districtId, d);
    }
    const v = speeds[i] ?? Number.NaN;
    for (const sums of [city, d]) {
      sums.total += s.lengthM;
      if (Number.isNaN(v)) continue;
      sums.known += s.lengthM;
      sums.index += s.lengthM * segmentIndex(v, s.roadClass);
      sums.speed += s.lengthM * v;
    }
  });
  return {
    city: figureOf(city),
    districts: Object.fromEntries([...districts].map(([id, sums]) => [id, figureOf(sums)])),
  };
}

function figureOf(s: Sums): TpiFigure {
  if (s.known === 0) return { tpi: null, level: null, coverage: 0, meanSpeedKmh: null };
  const tpi = s.index / s.known;
  return { tpi, level: tpiLevel(tpi), coverage: s.known / s.total, meanSpeedKmh: s.speed / s.known };
}
