import type { Feature, FeatureCollection, MultiPolygon as GeoMultiPolygon } from 'geojson';
import type { MultiPolygon } from 'polygon-clipping';
import { mergeArcs, neighbors } from 'topojson-client';
import { topology } from 'topojson-server';
import type { GeometryObject, Topology } from 'topojson-specification';
import type { GridInfo, GridLevel } from '../../shared/domain/grid';

/** TopoJSON quantisation: 1e5 steps across the city's ~24 km is about 0.25 m. */
export const QUANTIZATION = 1e5;

function cellCollection(cells: readonly MultiPolygon[], ids?: readonly string[]): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: cells.map(
      (c, i): Feature<GeoMultiPolygon> => ({
        type: 'Feature',
        properties: { i, id: ids?.[i] ?? String(i) },
        geometry: { type: 'MultiPolygon', coordinates: c },
      }),
    ),
  };
}

/** Which cells share an edge, from the same quantised topology the output uses. */
export function cellNeighbors(cells: readonly MultiPolygon[]): number[][] {
  const topo = topology({ cells: cellCollection(cells) }, QUANTIZATION);
  const obj = topo.objects.cells as { geometries: GeometryObject[] };
  return neighbors(obj.geometries);
}

/**
 * Encodes the micro cells once, then builds every coarser level by merging their arcs, so a parent's
 * boundary is literally its children's outer edges: nesting and coverage hold exactly and parents add
 * almost nothing to the file. `parentChain[i]` lists cell i's ancestor ids by level.
 */
export function buildGridTopology(
  cells: readonly MultiPolygon[],
  microIds: readonly string[],
  ancestors: (microId: string) => Record<Exclude<GridLevel, 'micro'>, string>,
  info: ReadonlyMap<string, GridInfo>,
): Topology {
  const topo = topology({ micro: cellCollection(cells, microIds) }, QUANTIZATION);
  const microObj = topo.objects.micro as { type: 'GeometryCollection'; geometries: GeometryObject[] };
  const withProps = (g: GeometryObject, id: string): GeometryObject => {
    // One-part merges become plain Polygons: smaller and what consumers expect.
    const geom =
      g.type === 'MultiPolygon' && g.arcs.length === 1 ? { type: 'Polygon' as const, arcs: g.arcs[0]! } : g;
    return { ...geom, id, properties: { ...info.get(id)! } } as GeometryObject;
  };
  const micro = microObj.geometries
    .map((g, i) => ({ g, id: microIds[i]! }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const objects: Topology['objects'] = {};
  for (const level of ['city', 'district', 'community', 'full'] as const) {
    const groups = new Map<string, GeometryObject[]>();
    for (const { g, id } of micro) {
      const key = ancestors(id)[level];
      const list = groups.get(key) ?? [];
      list.push(g);
      groups.set(key, list);
    }
    const geoms = [...groups.keys()]
      .sort()
      .map((id) => withProps(mergeArcs(topo, groups.get(id)! as never) as GeometryObject, id));
    objects[level] = { type: 'GeometryCollection', geometries: geoms };
  }
  objects.micro = { type: 'GeometryCollection', geometries: micro.map(({ g, id }) => withProps(g, id)) };
  return { ...topo, objects };
}
