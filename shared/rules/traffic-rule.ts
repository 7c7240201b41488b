import { levelFor } from './alert-level';
import type { RulesConfig } from './rules-config';
import type { Signal } from './signal';

/**
 * What the traffic pool tells the rules (wired by the traffic module): TPI per district (0–10),
 * segments now in heavy congestion, and parking occupancy per lot (0–1, may exceed 1).
 */
export interface TrafficSignals {
  /** When these figures were computed (epoch ms). */
  at: number;
  districtTpi: Record<string, number>;
  heavySegments: readonly string[];
  parkingOccupancy: Record<string, number>;
}

/** What the rule needs to know of roads, lots and districts. */
export interface TrafficGeo {
  segments: ReadonlyMap<
    string,
    { name: string; roadClass: string; districtId: string; mid: [number, number] }
  >;
  lots: ReadonlyMap<string, { name: string; districtId: string; lon: number; lat: number }>;
  districtName(id: string): string;
}

/** Since when each district's TPI has stayed at or over the threshold. */
export type TpiClock = Map<string, number>;

/** Figures older than this are no longer believed: a silent feed clears its alerts. */
export const TRAFFIC_STALE_MS = 10 * 60_000;

/** Segment ids a road alert lists by name before it says how many more. */
const LISTED_SEGMENTS = 10;

const ROADS = new WeakMap<TrafficGeo['segments'], Map<string, string>>();
/**
 * The road each segment belongs to: its segments of the same name in the same district, named by the
 * lowest segment id (a stable key whichever of its segments are congested).
 */
function roadOf(segments: TrafficGeo['segments'], id: string): string {
  let roads = ROADS.get(segments);
  if (!roads) {
    roads = new Map();
    const first = new Map<string, string>();
    for (const [segId, seg] of [...segments].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const road = `${seg.districtId}\u0000${seg.name}`;
      if (!first.has(road)) first.set(road, segId);
      roads.set(segId, first.get(road)!);
    }
    ROADS.set(segments, roads);
  }
  return roads.get(id) ?? id;
}

/**
 * District TPI at or over blue's threshold for tpiMinutes; a main road with segments in heavy
 * congestion (one alert per road and district, listing its congested segments); a parking lot at or
 * over 95 % (as configured).
 */
export function trafficEvaluate(
  clock: TpiClock,
  input: TrafficSignals | null,
  geo: TrafficGeo,
  now: number,
  config: RulesConfig['rules']['traffic'],
): Signal[] {
  if (!input || now - input.at > TRAFFIC_STALE_MS) {
    clock.clear();
    return [];
  }
  const signals: Signal[] = [];
  const district = (id: string) => ({
    level: 'district' as const,
    gridId: id,
    districtId: id,
    communityId: null,
  });
  const base = { rule: 'traffic' as const, capCategory: 'Transport' as const, eventIds: [] };
  for (const [id, tpi] of Object.entries(input.districtTpi)) {
    if (tpi < config.tpi.blue) {
      clock.delete(id);
      continue;
    }
    const since = clock.get(id) ?? input.at;
    clock.set(id, since);
    if (now - since < config.tpiMinutes * 60_000) continue;
    signals.push({
      ...base,
      key: `traffic:tpi:${id}`,
      level: levelFor(tpi, config.tpi)!,
      scope: district(id),
      title: `${geo.districtName(id)}交通拥堵`,
      description: `${geo.districtName(id)}交通指数${tpi.toFixed(1)}，持续${Math.round((now - since) / 60_000)}分钟以上处于拥堵`,
      lon: null,
      lat: null,
      certainty: 'Observed',
    });
  }
  for (const id of [...clock.keys()]) if (!(id in input.districtTpi)) clock.delete(id);
  const roads = new Map<string, string[]>();
  for (const id of input.heavySegments) {
    const seg = geo.segments.get(id);
    if (!seg || !config.mainRoadClasses.includes(seg.roadClass as never)) continue;
    const road = roadOf(geo.segments, id);
    const ids = roads.get(road);
    if (ids) ids.push(id);
    else roads.set(road, [id]);
  }
  for (const [road, unsorted] of roads) {
    const ids = [...new Set(unsorted)].sort();
    const seg = geo.segments.get(ids[0]!)!;
    const listed = ids.slice(0, LISTED_SEGMENTS).join('、');
    const more = ids.length > LISTED_SEGMENTS ? `等${ids.length}段` : '';
    signals.push({
      ...base,
      key: `traffic:road:${road}`,
      level: config.heavySegmentLevel,
      scope: district(seg.districtId),
      title: `${seg.name}严重拥堵`,
      description:
        ids.length === 1
          ? `主干道${seg.name}（${listed}）处于严重拥堵`
          : `主干道${seg.name}${ids.length}个路段（${listed}${more}）处于严重拥堵`,
      lon: seg.mid[0],
      lat: seg.mid[1],
      certainty: 'Observed',
    });
  }
  for (const [id, occupancy] of Object.entries(input.parkingOccupancy)) {
    const lot = geo.lots.get(id);
    const level = levelFor(occupancy, config.parking);
    if (!lot || !level) continue;
    signals.push({
      ...base,
      key: `traffic:parking:${id}`,
      level,
      scope: district(lot.districtId),
      title: `${lot.name}车位紧张`,
      description: `${lot.name}占用率${Math.round(occupancy * 100)}%`,
      lon: lot.lon,
      lat: lot.lat,
      certainty: 'Observed',
    });
  }
  return signals;
}
