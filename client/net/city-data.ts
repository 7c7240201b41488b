import type { FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { GridInfo, GridLevel } from '../../shared/domain/grid';
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

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: authHeaders() });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

/** Loads the city, its base map and the compact grid topology, decoded into GeoJSON per level. */
export async function loadCityData(): Promise<CityData> {
  const [city, basemap, topology] = await Promise.all([
    getJson<CityMeta>('/api/city'),
    getJson<FeatureCollection>('/api/basemap'),
    getJson<Topology>('/api/grids/topology'),
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
