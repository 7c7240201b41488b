import type { FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { GridInfo, GridLevel } from '../../shared/domain/grid';
import { getJson } from './api';
import { authHeaders } from './credentials';

export interface CityMeta {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  timezone: string;
  center: [number, number];
  bbox: [number, number, number, number];
  zoom: number;
  /** The districts with their English names (city.json); optional for datasets without them. */
  districts?: { id: string; name: string; nameEn: string }[];
}

export type GridFeatures = FeatureCollection<Geometry, GridInfo>;

export interface CityData {
  city: CityMeta;
  basemap: FeatureCollection;
  grids: Record<Exclude<GridLevel, 'city'>, GridFeatures>;
  outline: FeatureCollection;
}

/** Fetches the city, its base map and the compact grid topology, decoded into GeoJSON per level. */
export async function fetchCityData(headers: Record<string, string>): Promise<CityData> {
  const [city, basemap, topology] = await Promise.all([
    getJson<CityMeta>('/api/city', headers),
    getJson<FeatureCollection>('/api/basemap', headers),
    getJson<Topology>('/api/grids/topology', headers),
  ]);
  const level = (name: string) =>
    feature(topology, topology.objects[name] as GeometryCollection<GridInfo>) as unknown as GridFeatures;
  return {
    city,
    basemap,
    outline: level('city') as unknown as FeatureCollection,
    grids: {
      district: level('district'),
      community: level('community'),
      full: level('full'),
      micro: level('micro'),
    },
  };
}

/**
 * What the city data worker answers (city-data-worker.ts): the data as JSON text. Posted as objects,
 * its ~56,000 arrays and objects took the page longer to take in (the structured clone's copy is made
 * object by object) than JSON.parse takes with the text.
 */
export type CityDataReply = { ok: true; json: string } | { ok: false; error: string };

/**
 * Loads the city data in a worker: reading ~1.5 MB of responses, parsing them and decoding the
 * topology took a wall's main thread ~0.9 s of its cold start (bench/cold-start.ts); the page then
 * only parses the result. Where the worker cannot run, on the page.
 */
export function loadCityData(): Promise<CityData> {
  const started = prefetched;
  prefetched = null;
  return started ?? loadInWorker();
}

let prefetched: Promise<CityData> | null = null;

/**
 * Starts loading the city data from the page's head (client/early.ts), before the page's main script
 * has loaded; the page's `loadCityData` then takes what is on its way. A wall's map is made once the
 * data is in, so on a cold start its first frame waited for this request behind the main script.
 */
export function prefetchCityData(): void {
  if (prefetched) return;
  prefetched = loadInWorker();
  // Reported by whoever takes it; not an unhandled rejection before then.
  prefetched.catch(() => undefined);
}

function loadInWorker(): Promise<CityData> {
  const headers = authHeaders();
  if (typeof Worker === 'undefined') return fetchCityData(headers);
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./city-data-worker.ts', import.meta.url), {
      name: 'city-data',
    });
    worker.onmessage = ({ data: reply }: MessageEvent<CityDataReply>) => {
      worker.terminate();
      if (reply.ok) resolve(JSON.parse(reply.json) as CityData);
      else reject(new Error(reply.error));
    };
    // The worker's script could not be loaded or run: the page fetches the data itself.
    worker.onerror = (event) => {
      event.preventDefault();
      worker.terminate();
      fetchCityData(headers).then(resolve, reject);
    };
    worker.postMessage(headers);
  });
}
