import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { GRID_LEVELS, type GridInfo, type GridLevel } from '../domain/grid';
import type { AreaGeometry } from './geometry';

/** A decoded grid: its attributes and its WGS-84 geometry. */
export interface GridFeature {
  id: string;
  info: GridInfo;
  geometry: AreaGeometry;
}

/** Grid features per level; a level missing from the topology decodes as an empty list. */
export type GridLevels = Record<GridLevel, GridFeature[]>;

/** Reads one grid's attributes from TopoJSON/GeoJSON properties, tolerating missing numbers. */
export function gridInfoOf(props: Record<string, unknown>, level: GridLevel): GridInfo {
  const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  const id = str(props.id);
  return {
    id,
    code: str(props.code) || id,
    name: str(props.name) || id,
    level,
    parentId:
      props.parentId === null || props.parentId === undefined || props.parentId === ''
        ? null
        : str(props.parentId),
    population: Number(props.population) || 0,
    households: Number(props.households) || 0,
  };
}

/** Decodes the grid topology (objects named after the levels) into features per level. */
export function decodeGridLevels(topology: Topology): GridLevels {
  const out = {} as GridLevels;
  for (const level of GRID_LEVELS) {
    const obj = topology.objects[level] as GeometryCollection | undefined;
    if (!obj) {
      out[level] = [];
      continue;
    }
    const fc = feature(topology, obj) as unknown as { features: Feature<Polygon | MultiPolygon | null>[] };
    out[level] = fc.features
      .filter((f) => f.geometry !== null)
      .map((f) => {
        const info = gridInfoOf((f.properties ?? {}) as Record<string, unknown>, level);
        return { id: info.id, info, geometry: f.geometry as AreaGeometry };
      });
  }
  return out;
}
