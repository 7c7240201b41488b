import type { GridInfo } from '../../shared/domain/grid';
import type { Position } from '../../shared/geo/geometry';
import type { GridLocator } from '../../shared/geo/grid-locator';
import type { Random } from '../../shared/util/random';
import { round6 } from './outline';

/** A key-area entry from inputs/key-areas.json. */
export interface KeyAreaInput {
  name: string;
  type: string;
  lon?: number;
  lat?: number;
  community?: string;
  capacity: number;
  riskTags: string[];
  /** Footprint edge in metres; 0 for areas given as a point only. */
  size: number;
}

export interface KeyArea {
  id: string;
  name: string;
  type: string;
  capacity: number;
  riskTags: string[];
  lon: number;
  lat: number;
  microId: string;
  polygon?: Position[];
}

/** A square footprint of `sizeM` metres around a point, as a closed ring. */
function square(lon: number, lat: number, sizeM: number): Position[] {
  const dLat = sizeM / 2 / 111_320;
  const dLon = dLat / Math.cos((lat * Math.PI) / 180);
  const c = (x: number, y: number): Position => [round6(lon + x * dLon), round6(lat + y * dLat)];
  return [c(-1, -1), c(1, -1), c(1, 1), c(-1, 1), c(-1, -1)];
}

/**
 * Places the key areas: fixed coordinates, or (for a community area) the seed point of the community's
 * most populous micro-grid, which is guaranteed to lie inside it. Each gets its micro-grid id.
 */
export function placeKeyAreas(
  inputs: KeyAreaInput[],
  microLocator: GridLocator,
  microSeeds: ReadonlyMap<string, Position>,
  grids: ReadonlyMap<string, GridInfo>,
): KeyArea[] {
  return inputs.map((a, i) => {
    let at: Position = [a.lon ?? 0, a.lat ?? 0];
    if (a.community) {
      const micros = [...grids.values()].filter(
        (g) => g.level === 'micro' && grids.get(g.parentId ?? '')?.parentId === a.community,
      );
      const top = micros.sort((x, y) => y.population - x.population || (x.id < y.id ? -1 : 1))[0];
      if (!top) throw new Error(`key area ${a.name}: community ${a.community} has no micro-grids`);
      at = microSeeds.get(top.id)!;
    }
    const [lon, lat] = [round6(at[0]), round6(at[1])];
    const microId = microLocator.locate(lon, lat);
    if (!microId) throw new Error(`key area ${a.name} at ${lon},${lat} is outside the city`);
    const area: KeyArea = {
      id: `K${String(i + 1).padStart(3, '0')}`,
      name: a.name,
      type: a.type,
      capacity: a.capacity,
      riskTags: a.riskTags,
      lon,
      lat,
      microId,
    };
    if (a.size > 0) area.polygon = square(lon, lat, a.size);
    return area;
  });
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

const LOT_KIND: Record<string, string> = {
  hospital: 'hospital',
  transport: 'station',
  market: 'public',
  school: 'public',
  venue: 'public',
  government: 'public',
  industrial: 'public',
};

/**
 * About 60 parking lots: one beside each key area that draws visitors, the rest at the most populous
 * full-service grids (residential and street parking), with synthetic capacities.
 */
export function placeParking(
  areas: KeyArea[],
  fullSeeds: { id: string; name: string; at: Position }[],
  count: number,
  districtOf: (p: Position) => string | null,
  rng: Random,
): ParkingLot[] {
  const lots: ParkingLot[] = [];
  const add = (name: string, at: Position, kind: string, capacity: number) => {
    const districtId = districtOf(at);
    if (districtId)
      lots.push({
        id: `P${String(lots.length + 1).padStart(3, '0')}`,
        name,
        capacity,
        lon: round6(at[0]),
        lat: round6(at[1]),
        districtId,
        kind,
      });
  };
  for (const a of areas) {
    const kind = LOT_KIND[a.type];
    if (!kind) continue;
    // Offset ~80 m so the lot marker does not hide the key-area marker.
    add(
      `${a.name}停车场`,
      [a.lon + 0.0008, a.lat - 0.0005],
      kind,
      kind === 'station' || kind === 'hospital' ? rng.int(400, 900) : rng.int(80, 400),
    );
  }
  for (const f of fullSeeds) {
    if (lots.length >= count) break;
    const kind = rng.next() < 0.6 ? 'residential' : 'street';
    add(
      `${f.name.replace(/全科网格$/, '')}${kind === 'street' ? '路内泊位' : '公共停车场'}`,
      f.at,
      kind,
      kind === 'street' ? rng.int(30, 120) : rng.int(60, 500),
    );
  }
  return lots;
}
