import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FeatureCollection } from 'geojson';
import type { Topology } from 'topojson-specification';
import { GRID_LEVELS, type GridInfo, type GridLevel, type GridPath } from '../../shared/domain/grid';
import { createGridLocator, type GridLocator } from '../../shared/geo/grid-locator';
import { decodeGridLevels } from '../../shared/geo/grid-topology';
import { buildHierarchy } from '../../shared/geo/hierarchy';
import { gridAnchors } from './grid-anchors';

/** city.json */
export interface CityMeta {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  timezone: string;
  center: [number, number];
  bbox: [number, number, number, number];
  zoom: number;
  population: number;
  districts: { id: string; name: string; nameEn: string }[];
}

export interface KeyArea {
  id: string;
  name: string;
  type: string;
  capacity: number;
  riskTags: string[];
  lon: number;
  lat: number;
  /** Micro-grid containing (lon, lat), recomputed at load so it survives grid imports; null if outside. */
  microId: string | null;
  polygon?: [number, number][];
}

export type RoadClass = 'expressway' | 'arterial' | 'collector' | 'branch';

export interface RoadSegment {
  id: string;
  name: string;
  roadClass: RoadClass;
  freeFlowKmh: number;
  lengthM: number;
  districtId: string;
  path: [number, number][];
}

export interface ParkingLot {
  id: string;
  name: string;
  capacity: number;
  lon: number;
  lat: number;
  districtId: string;
  kind: string;
}

export interface TeamMember {
  name: string;
  role: string;
  posts: string[];
  /** Masked, e.g. 138****1234. */
  phone: string;
}

export interface GridTeam {
  /** Full-service grid id. */
  gridId: string;
  members: TeamMember[];
}

/** Everything the server knows about one city's geography. */
export interface CityDataset {
  city: CityMeta;
  grids: Map<string, GridInfo>;
  byLevel: Record<GridLevel, GridInfo[]>;
  /** The raw grids.topo.json, served as is to the client. */
  topology: Topology;
  basemap: FeatureCollection;
  /** Point → micro-grid id (null outside the city). */
  locator: GridLocator;
  pathOf(microId: string): GridPath | null;
  /** A point inside the grid (any level below the city), for reports that name a grid, not a place. */
  anchorOf(gridId: string): [number, number] | null;
  /** Point → micro/full/community/district ids, or null outside the city. Safe to pass unbound. */
  locate(lon: number, lat: number): GridPath | null;
  keyAreas: KeyArea[];
  roads: RoadSegment[];
  parking: ParkingLot[];
  teams: GridTeam[];
}

const readJson = <T>(dir: string, name: string): T =>
  JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as T;

/**
 * Loads a city folder (default data/longgang) synchronously: every server start needs it before
 * listening and it takes well under 300 ms. Grids are decoded from grids.topo.json; the locator is
 * built over the micro level.
 */
export function loadCityDataset(dir: string): CityDataset {
  const city = readJson<CityMeta>(dir, 'city.json');
  const topology = readJson<Topology>(dir, 'grids.topo.json');
  const levels = decodeGridLevels(topology);
  const byLevel = {} as Record<GridLevel, GridInfo[]>;
  const grids = new Map<string, GridInfo>();
  for (const level of GRID_LEVELS) {
    byLevel[level] = levels[level].map((f) => f.info);
    for (const g of byLevel[level]) grids.set(g.id, g);
  }
  const hierarchy = buildHierarchy(grids.values());
  const locator = createGridLocator(levels.micro);
  const locate = (lon: number, lat: number): GridPath | null => {
    const micro = locator.locate(lon, lat);
    return micro ? hierarchy.pathOf(micro) : null;
  };
  const anchors = gridAnchors(levels, (microId) => {
    const p = hierarchy.pathOf(microId);
    return p ? [p.full, p.community, p.district] : [];
  });
  const keyAreas = readJson<{ areas: KeyArea[] }>(dir, 'key-areas.json').areas.map((a) => ({
    ...a,
    microId: locator.locate(a.lon, a.lat),
  }));
  return {
    city,
    grids,
    byLevel,
    topology,
    basemap: readJson<FeatureCollection>(dir, 'basemap.geojson'),
    locator,
    pathOf: hierarchy.pathOf,
    anchorOf: (gridId) => anchors.get(gridId) ?? null,
    locate,
    keyAreas,
    roads: readJson<{ segments: RoadSegment[] }>(dir, 'roads.json').segments,
    parking: readJson<{ lots: ParkingLot[] }>(dir, 'parking.json').lots,
    teams: readJson<{ teams: GridTeam[] }>(dir, 'teams.json').teams.filter((t) => grids.has(t.gridId)),
  };
}
