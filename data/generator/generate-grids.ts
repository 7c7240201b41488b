import type { Topology } from 'topojson-specification';
import type { GridInfo } from '../../shared/domain/grid';
import type { Position, Ring } from '../../shared/geo/geometry';
import type { Random } from '../../shared/util/random';
import { assignHierarchy, type CellAssignment, type HierarchyConfig } from './assign-hierarchy';
import { buildGridTopology, cellNeighbors } from './build-topology';
import { buildGridInfo } from './grid-info';
import { type DensityConfig, densityAt, sampleSeeds, voronoiCells } from './micro-cells';

/** The generated grid hierarchy: topology for the file, records and seed points for later steps. */
export interface GeneratedGrids {
  topology: Topology;
  info: Map<string, GridInfo>;
  cells: CellAssignment[];
  seeds: Position[];
}

/** Seeds → Voronoi micro cells → exact-count hierarchy → merged TopoJSON with synthetic figures. */
export function generateGrids(
  outline: Ring,
  hierarchy: HierarchyConfig,
  density: DensityConfig,
  communityNames: ReadonlyMap<string, string>,
  rng: Random,
): GeneratedGrids {
  const seeds = sampleSeeds(outline, hierarchy.totals.micro, density, rng);
  const polys = voronoiCells(seeds, outline);
  const graph = { pos: seeds, neighbors: cellNeighbors(polys) };
  const cells = assignHierarchy(graph, hierarchy);
  const info = buildGridInfo(
    cells,
    seeds,
    (p) => densityAt(density, p[0], p[1]),
    hierarchy.districts,
    communityNames,
    hierarchy.newCity.code,
    hierarchy.totals.population,
    rng,
  );
  const byMicro = new Map(cells.map((c) => [c.microId, c]));
  const topology = buildGridTopology(
    polys,
    cells.map((c) => c.microId),
    (id) => {
      const c = byMicro.get(id)!;
      return { city: 'longgang', district: c.districtId, community: c.communityCode, full: c.fullId };
    },
    info,
  );
  return { topology, info, cells, seeds };
}
