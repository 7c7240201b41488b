/**
 * Traffic levels, per-road-class speed bands and the segment congestion index, after Beijing's
 * DB11/T 785 as summarised in docs/domain.md ("Traffic pool"). Pure: used by the server (rollups,
 * JSON state) and the client (map colours) alike, so both always agree on a segment's level.
 */

export const ROAD_CLASSES = ['expressway', 'arterial', 'collector', 'branch'] as const;
export type RoadClass = (typeof ROAD_CLASSES)[number];

/** 0 free … 4 heavy congestion; the same five bands serve segment levels and TPI. */
export type TrafficLevel = 0 | 1 | 2 | 3 | 4;

export interface TrafficLevelInfo {
  level: TrafficLevel;
  key: 'free' | 'mostly-free' | 'light' | 'moderate' | 'heavy';
  name: string;
  /** Map and chart colour (RGB), green → dark red, readable on the dark wall. */
  color: [number, number, number];
}

export const TRAFFIC_LEVELS: readonly TrafficLevelInfo[] = [
  { level: 0, key: 'free', name: '畅通', color: [46, 204, 113] },
  { level: 1, key: 'mostly-free', name: '基本畅通', color: [163, 217, 72] },
  { level: 2, key: 'light', name: '轻度拥堵', color: [255, 200, 40] },
  { level: 3, key: 'moderate', name: '中度拥堵', color: [255, 110, 40] },
  { level: 4, key: 'heavy', name: '严重拥堵', color: [200, 20, 45] },
];

/** The colour of a segment without fresh data: grey, so "unknown" never looks like "free". */
export const UNKNOWN_COLOR: [number, number, number] = [110, 120, 135];

/**
 * Band thresholds [t1, t2, t3, t4] in km/h per road class (domain.md): free above t1, mostly free in
 * (t2, t1], light in (t3, t2], moderate in (t4, t3], heavy at or below t4. Collector and branch share.
 */
export const SPEED_BANDS: Readonly<Record<RoadClass, readonly [number, number, number, number]>> = {
  expressway: [65, 50, 35, 20],
  arterial: [40, 30, 20, 15],
  collector: [35, 25, 15, 10],
  branch: [35, 25, 15, 10],
};

/** The level of a segment moving at `speedKmh`; thresholds belong to the slower band ("≤ 20" is heavy). */
export function levelOfSpeed(speedKmh: number, roadClass: RoadClass): TrafficLevel {
  const [t1, t2, t3, t4] = SPEED_BANDS[roadClass];
  if (speedKmh > t1) return 0;
  if (speedKmh > t2) return 1;
  if (speedKmh > t3) return 2;
  if (speedKmh > t4) return 3;
  return 4;
}

/**
 * A segment's congestion index, 0–10, piecewise linear in speed with knots at the band thresholds:
 * t1 + (t1 − t2) → 0, t1 → 2, t2 → 4, t3 → 6, t4 → 8, 0 km/h → 10. Because the knots sit on the band
 * edges, `tpiLevel(segmentIndex(v, c)) === levelOfSpeed(v, c)` for every speed: an area whose segments
 * are all "light" has a TPI in the light band. Example (arterial, 35 km/h): between 40 → 2 and 30 → 4,
 * so 2 + (40 − 35) / (40 − 30) × 2 = 3.
 */
export function segmentIndex(speedKmh: number, roadClass: RoadClass): number {
  const knots = KNOTS[roadClass];
  const v = Math.max(0, speedKmh);
  if (v >= knots[0]!) return 0;
  for (let k = 1; k < knots.length; k++) {
    const hi = knots[k - 1]!;
    const lo = knots[k]!;
    if (v >= lo) return (k - 1) * 2 + ((hi - v) / (hi - lo)) * 2;
  }
  return 10;
}

const KNOTS = Object.fromEntries(
  ROAD_CLASSES.map((c) => {
    const [t1, t2, t3, t4] = SPEED_BANDS[c];
    return [c, [t1 + (t1 - t2), t1, t2, t3, t4, 0]];
  }),
) as Record<RoadClass, number[]>;

/** The band of a TPI value: [0, 2) free, [2, 4) mostly free, [4, 6) light, [6, 8) moderate, [8, 10] heavy. */
export function tpiLevel(tpi: number): TrafficLevel {
  return Math.min(4, Math.max(0, Math.floor(tpi / 2))) as TrafficLevel;
}

/** The level's display information. */
export function levelInfo(level: TrafficLevel): TrafficLevelInfo {
  return TRAFFIC_LEVELS[level]!;
}
