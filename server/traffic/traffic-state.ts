import type { TrafficObservation, TrafficState as TrafficStateJson } from '../../shared/schemas/traffic';
import { summariseParking } from '../../shared/traffic/parking';
import { levelOfSpeed, type RoadClass } from '../../shared/traffic/speed-bands';
import { freshValues } from '../../shared/traffic/stale';
import { computeTpi } from '../../shared/traffic/tpi';
import { layoutHash, type TrafficFrame } from '../../shared/traffic/wire';

/** The road network and lots the traffic pool indexes, in the order frames use. */
export interface TrafficNetwork {
  roads: readonly { id: string; roadClass: RoadClass; lengthM: number; districtId: string }[];
  parking: readonly { id: string; capacity: number; districtId: string }[];
}

export interface ObservationProblem {
  index: number;
  field: string;
  message: string;
}

/** Readings more than this far in the future are refused: a source with a wrong clock. */
const MAX_FUTURE_MS = 60_000;

/**
 * The latest reading per segment and per lot, with when it was taken. Readings older than what is held
 * are ignored (feeds may deliver out of order); views at `now` turn readings older than `staleMs` into
 * unknown. Not pure (it holds state) but clock-free: every method is told the time.
 */
export class TrafficStateModel {
  readonly layout: number;
  private readonly speeds: Float64Array;
  private readonly speedAt: Float64Array;
  private readonly occupied: Float64Array;
  private readonly occupiedAt: Float64Array;
  private readonly segmentIndex = new Map<string, number>();
  private readonly lotIndex = new Map<string, number>();
  /** Bumped whenever a reading changed the state. */
  changes = 0;

  constructor(
    readonly network: TrafficNetwork,
    readonly staleMs: number,
  ) {
    for (const [i, r] of network.roads.entries()) this.segmentIndex.set(r.id, i);
    for (const [j, p] of network.parking.entries()) this.lotIndex.set(p.id, j);
    this.speeds = new Float64Array(network.roads.length).fill(Number.NaN);
    this.speedAt = new Float64Array(network.roads.length);
    this.occupied = new Float64Array(network.parking.length).fill(Number.NaN);
    this.occupiedAt = new Float64Array(network.parking.length);
    this.layout = layoutHash(
      network.roads.map((r) => r.id),
      network.parking.map((p) => p.id),
    );
  }

  /** Problems that schema validation cannot see (unknown ids, future times); empty when all are fine. */
  check(observations: readonly TrafficObservation[], now: number): ObservationProblem[] {
    const problems: ObservationProblem[] = [];
    observations.forEach((o, index) => {
      if ('segmentId' in o && !this.segmentIndex.has(o.segmentId))
        problems.push({ index, field: '/segmentId', message: `unknown segment "${o.segmentId}"` });
      if ('lotId' in o && !this.lotIndex.has(o.lotId))
        problems.push({ index, field: '/lotId', message: `unknown parking lot "${o.lotId}"` });
      if (o.observedAt !== undefined && o.observedAt > now + MAX_FUTURE_MS)
        problems.push({ index, field: '/observedAt', message: 'lies in the future' });
    });
    return problems;
  }

  /** Applies checked readings; returns how many changed the state (newer than what was held). */
  apply(observations: readonly TrafficObservation[], now: number): number {
    let applied = 0;
    for (const o of observations) {
      const at = o.observedAt ?? now;
      if ('segmentId' in o) {
        const i = this.segmentIndex.get(o.segmentId);
        if (i === undefined || at < this.speedAt[i]!) continue;
        this.speeds[i] = o.speedKmh;
        this.speedAt[i] = at;
      } else {
        const j = this.lotIndex.get(o.lotId);
        if (j === undefined || at < this.occupiedAt[j]!) continue;
        this.occupied[j] = o.occupied;
        this.occupiedAt[j] = at;
      }
      applied++;
    }
    if (applied > 0) this.changes++;
    return applied;
  }

  /** Speeds at `now`, NaN where unknown or stale. */
  freshSpeeds(now: number): Float64Array {
    return freshValues(this.speeds, this.speedAt, now, this.staleMs);
  }

  /** Occupied spaces at `now`, NaN where unknown or stale. */
  freshOccupied(now: number): Float64Array {
    return freshValues(this.occupied, this.occupiedAt, now, this.staleMs);
  }

  /** The wire frame of the state at `now`. */
  frame(now: number, version: number): TrafficFrame {
    return {
      version,
      at: now,
      layout: this.layout,
      speeds: this.freshSpeeds(now),
      occupied: this.freshOccupied(now),
    };
  }

  /** TPI and parking totals at `now`. */
  summary(now: number) {
    return {
      tpi: computeTpi(this.network.roads, this.freshSpeeds(now)),
      parking: summariseParking(this.network.parking, this.freshOccupied(now)),
    };
  }

  /** The JSON form, one object per segment and lot. */
  toJson(now: number, version: number, simulated: boolean): TrafficStateJson {
    const speeds = this.freshSpeeds(now);
    const occupied = this.freshOccupied(now);
    const known = (v: number) => !Number.isNaN(v);
    return {
      version,
      at: now,
      staleMs: this.staleMs,
      simulated,
      ...this.summary(now),
      segments: this.network.roads.map((r, i) => {
        const v = speeds[i]!;
        return {
          id: r.id,
          speedKmh: known(v) ? Math.round(v * 10) / 10 : null,
          level: known(v) ? levelOfSpeed(v, r.roadClass) : null,
          observedAt: this.speedAt[i] ? this.speedAt[i]! : null,
        };
      }),
      lots: this.network.parking.map((p, j) => {
        const o = occupied[j]!;
        const used = known(o) ? Math.min(p.capacity, o) : null;
        return {
          id: p.id,
          capacity: p.capacity,
          occupied: used,
          free: used === null ? null : p.capacity - used,
          observedAt: this.occupiedAt[j] ? this.occupiedAt[j]! : null,
        };
      }),
    };
  }
}
