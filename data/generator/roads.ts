import type { Position, Ring } from '../../shared/geo/geometry';
import { lineLengthM } from '../../shared/geo/geometry';
import { clipLine } from './clip-line';
import { round6 } from './outline';

export type RoadClass = 'expressway' | 'arterial' | 'collector' | 'branch';

/** A named road as configured in inputs/roads.json. */
export interface NamedRoad {
  name: string;
  roadClass: RoadClass;
  freeFlowKmh: number;
  path: Position[];
}

/** One directed-agnostic road segment of the traffic pool. */
export interface RoadSegment {
  id: string;
  name: string;
  roadClass: RoadClass;
  freeFlowKmh: number;
  lengthM: number;
  districtId: string;
  path: Position[];
}

const FREE_FLOW: Record<RoadClass, number> = { expressway: 80, arterial: 50, collector: 40, branch: 30 };

/** Cuts a polyline into pieces of about `pieceM` metres, splitting long edges by interpolation. */
export function cutPolyline(path: Position[], pieceM: number): Position[][] {
  const total = lineLengthM(path);
  const n = Math.max(1, Math.round(total / pieceM));
  const step = total / n;
  const out: Position[][] = [];
  let cur: Position[] = [path[0]!];
  let acc = 0;
  for (let i = 0; i + 1 < path.length; i++) {
    let a = path[i]!;
    const b = path[i + 1]!;
    let len = lineLengthM([a, b]);
    while (acc + len >= step - 1e-6 && out.length < n - 1) {
      const t = (step - acc) / len;
      const cut: Position = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
      cur.push(cut);
      out.push(cur);
      cur = [cut];
      len -= step - acc;
      acc = 0;
      a = cut;
    }
    acc += len;
    cur.push(b);
  }
  out.push(cur);
  return out;
}

/** Lattice settings: coarse collectors everywhere, fine branches where density is high. */
export interface LatticeConfig {
  stepLon: number;
  stepLat: number;
  fineDivisions: number;
  fineDensity: number;
}

/**
 * Builds the road network: named roads clipped to the city and cut into ~400 m segments, plus a
 * lattice of collectors (every `step`) and branches (every step/fineDivisions where density is high),
 * each lattice line clipped to the city and cut at every crossing line. Streets are anonymous, so
 * they are named after their district and orientation.
 */
export function buildRoads(
  outline: Ring,
  named: NamedRoad[],
  lattice: LatticeConfig,
  density: (p: Position) => number,
  districtOf: (p: Position) => { id: string; name: string } | null,
): RoadSegment[] {
  const raw: Omit<RoadSegment, 'id' | 'districtId' | 'lengthM'>[] = [];
  for (const r of named) {
    for (const piece of clipLine(r.path, outline)) {
      for (const seg of cutPolyline(piece, 400))
        raw.push({ name: r.name, roadClass: r.roadClass, freeFlowKmh: r.freeFlowKmh, path: seg });
    }
  }
  const xs = outline.map((p) => p[0]);
  const ys = outline.map((p) => p[1]);
  const [w, e, s, n] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const fineLon = lattice.stepLon / lattice.fineDivisions;
  const fineLat = lattice.stepLat / lattice.fineDivisions;
  const lines = (from: number, to: number, step: number) => {
    const out: number[] = [];
    for (let v = Math.ceil(from / step) * step; v <= to; v += step) out.push(v);
    return out;
  };
  const addLattice = (horizontal: boolean) => {
    const along = horizontal ? lines(s, n, fineLat) : lines(w, e, fineLon);
    along.forEach((v) => {
      const coarse =
        Math.abs(
          v / (horizontal ? lattice.stepLat : lattice.stepLon) -
            Math.round(v / (horizontal ? lattice.stepLat : lattice.stepLon)),
        ) < 1e-6;
      const path: Position[] = horizontal
        ? [
            [w - 0.01, v],
            [e + 0.01, v],
          ]
        : [
            [v, s - 0.01],
            [v, n + 0.01],
          ];
      for (const piece of clipLine(path, outline)) {
        const a = piece[0]!;
        const b = piece[piece.length - 1]!;
        const k = horizontal ? 0 : 1;
        const cuts = lines(Math.min(a[k], b[k]), Math.max(a[k], b[k]), horizontal ? fineLon : fineLat);
        const stops = [Math.min(a[k], b[k]), ...cuts, Math.max(a[k], b[k])].filter(
          (x, i, all) => i === 0 || x - all[i - 1]! > 1e-5,
        );
        const at = (t: number): Position => (horizontal ? [t, v] : [v, t]);
        const crossStep = horizontal ? lattice.stepLon : lattice.stepLat;
        const onCoarse = (t: number) => Math.abs(t / crossStep - Math.round(t / crossStep)) < 1e-6;
        let start = stops[0]!;
        for (let i = 1; i < stops.length; i++) {
          const t = stops[i]!;
          const mid = at((stops[i - 1]! + t) / 2);
          const dense = density(mid) >= lattice.fineDensity;
          if (!coarse) {
            if (dense)
              raw.push({
                name: horizontal ? '东西向' : '南北向',
                roadClass: 'branch',
                freeFlowKmh: 0,
                path: [at(stops[i - 1]!), at(t)],
              });
            continue;
          }
          // Collectors are cut at every crossing collector, and at every branch where branches exist.
          const last = i === stops.length - 1;
          if (last || onCoarse(t) || dense || density(at(t)) >= lattice.fineDensity) {
            raw.push({
              name: horizontal ? '东西向' : '南北向',
              roadClass: 'collector',
              freeFlowKmh: 0,
              path: [at(start), at(t)],
            });
            start = t;
          }
        }
      }
    });
  };
  addLattice(true);
  addLattice(false);
  const out: RoadSegment[] = [];
  for (const r of raw) {
    const path = r.path.map(([x, y]) => [round6(x), round6(y)] as Position);
    const mid = path[Math.floor(path.length / 2)]!;
    const at =
      path.length > 2
        ? mid
        : ([(path[0]![0] + path[1]![0]) / 2, (path[0]![1] + path[1]![1]) / 2] as Position);
    const d = districtOf(at);
    const lengthM = Math.round(lineLengthM(path));
    if (!d || lengthM < 20) continue;
    const name =
      r.freeFlowKmh === 0
        ? `${d.name.replace(/片区$/, '')}${r.roadClass === 'collector' ? '' : '支'}${r.name}路`
        : r.name;
    const freeFlowKmh = r.freeFlowKmh || FREE_FLOW[r.roadClass];
    out.push({
      id: `R${String(out.length + 1).padStart(4, '0')}`,
      name,
      roadClass: r.roadClass,
      freeFlowKmh,
      lengthM,
      districtId: d.id,
      path,
    });
  }
  return out;
}
