import type { GridLevel } from '../../shared/domain/grid';
import { type Position, polygonsOf } from '../../shared/geo/geometry';
import { decodeGridLevels } from '../../shared/geo/grid-topology';
import type { RiskIndex } from '../../shared/rules/risk-score';
import type { RuleGeo } from '../../shared/rules/rule-engine';
import type { CityDataset } from '../geo/city-dataset';

/** What the alert engine and CAP export need of the city, built once from the dataset. */
export interface AlertGeo {
  rules: RuleGeo;
  risk: RiskIndex;
  /** Micro-grid ids in the order of the risk score array. */
  microIds: readonly string[];
  /** Outer rings of a grid (any level; `city` for the whole city), [lon, lat]. */
  outlineOf(gridId: string): Position[][];
  nameOf(gridId: string): string;
}

/** Builds the alert engine's view of the city. */
export function buildAlertGeo(dataset: CityDataset): AlertGeo {
  const levels = decodeGridLevels(dataset.topology);
  const outlines = new Map<string, Position[][]>();
  for (const level of Object.keys(levels) as GridLevel[]) {
    for (const f of levels[level]) {
      const rings = polygonsOf(f.geometry).map((p) => p[0]!);
      outlines.set(level === 'city' ? 'city' : f.id, rings);
    }
  }
  const nameOf = (id: string) => (id === 'city' ? dataset.city.name : (dataset.grids.get(id)?.name ?? id));
  const microIds = dataset.byLevel.micro.map((g) => g.id);
  const microIndex = new Map(microIds.map((id, i) => [id, i]));
  const under = new Map<string, number[]>();
  microIds.forEach((id, i) => {
    const path = dataset.pathOf(id);
    for (const g of path ? [path.micro, path.full, path.community, path.district] : [id]) {
      let list = under.get(g);
      if (!list) {
        list = [];
        under.set(g, list);
      }
      list.push(i);
    }
  });
  const ids = (level: 'micro' | 'full' | 'community' | 'district') => dataset.byLevel[level].map((g) => g.id);
  const rules: RuleGeo = {
    gridsByLevel: {
      micro: ids('micro'),
      full: ids('full'),
      community: ids('community'),
      district: ids('district'),
    },
    nameOf,
    refLat: dataset.city.center[1],
    refLon: dataset.city.center[0],
    keyAreas: new Map(
      dataset.keyAreas.map((a) => [
        a.id,
        {
          id: a.id,
          name: a.name,
          capacity: a.capacity,
          lon: a.lon,
          lat: a.lat,
          path: a.microId ? dataset.pathOf(a.microId) : null,
        },
      ]),
    ),
    traffic: {
      segments: new Map(
        dataset.roads.map((r) => {
          const mid = r.path[Math.floor(r.path.length / 2)] ?? r.path[0] ?? [0, 0];
          return [r.id, { name: r.name, roadClass: r.roadClass, districtId: r.districtId, mid }];
        }),
      ),
      lots: new Map(dataset.parking.map((p) => [p.id, p])),
      districtName: nameOf,
    },
  };
  return {
    rules,
    risk: { microIndex, microsOf: (id) => under.get(id) ?? [], size: microIds.length },
    microIds,
    outlineOf: (id) => outlines.get(id) ?? [],
    nameOf,
  };
}
