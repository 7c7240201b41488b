import type { RoadClass } from '../../shared/traffic/speed-bands';
import { getJson } from './api';

/** The road segments and lots traffic frames index, in frame order (GET /api/traffic/network). */
export interface TrafficNetwork {
  layout: number;
  staleMs: number;
  districts: { id: string; name: string }[];
  roads: {
    id: string;
    name: string;
    roadClass: RoadClass;
    lengthM: number;
    districtId: string;
    path: [number, number][];
  }[];
  parking: { id: string; name: string; capacity: number; lon: number; lat: number; districtId: string }[];
}

/** One bucket of stored history (GET /api/traffic/history). */
export interface TrafficHistoryPoint {
  at: number;
  tpi: number | null;
  coverage: number;
  parkingOccupancy: number | null;
  parkingFree: number | null;
}

export function loadTrafficNetwork(): Promise<TrafficNetwork> {
  return getJson<TrafficNetwork>('/api/traffic/network');
}

/** Stored history of an area between two server times (epoch ms), in 15-minute buckets. */
export async function loadTrafficHistory(
  scope: string,
  from: number,
  to: number,
): Promise<TrafficHistoryPoint[]> {
  const q = new URLSearchParams({
    scope,
    from: String(Math.round(from)),
    to: String(Math.round(to)),
    resolution: '15',
  });
  return (await getJson<{ points: TrafficHistoryPoint[] }>(`/api/traffic/history?${q}`)).points;
}
