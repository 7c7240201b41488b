import Flatbush from 'flatbush';
import type { GridEvent } from '../../shared/schemas/event';

/** How accidents slow the simulated roads. */
export interface AccidentOptions {
  /** Segments with any point of their path within this distance of the accident slow down. */
  radiusM: number;
  /** Speed multiplier on those segments while the accident is open. */
  factor: number;
  /** An accident nobody closes clears by itself after this long. */
  timeoutMs: number;
  /** After clearing, speeds climb back linearly over this long. */
  recoveryMs: number;
}

export const DEFAULT_ACCIDENT_OPTIONS: AccidentOptions = {
  radiusM: 300,
  factor: 0.3,
  timeoutMs: 2 * 3_600_000,
  recoveryMs: 15 * 60_000,
};

interface OpenAccident {
  startedAt: number;
  segments: number[];
}

/** How often `observe` forgets recovered segments and times out forgotten accidents. */
const SWEEP_MS = 60_000;

/** Statuses in which the road is clear again: the team has reported it handled, or it was void. */
const CLEARED = new Set(['handled', 'verified', 'closed', 'cancelled']);

/**
 * Follows 交通事故 (traffic/accident) events from the live pipeline and tells the traffic simulator how
 * much each segment is slowed: to `factor` while open, recovering linearly once handled (or after the
 * timeout). Clock-free: every call says the time.
 *
 * Memory is bounded by the open accidents and the road network, not by the accidents reported: once an
 * accident clears, only its segments' latest clearance time is kept (a segment recovers from the most
 * recent accident to clear on it, since recovery only climbs with time), so a city reporting many
 * accidents an hour holds no more than one number per road segment for the recovering ones.
 */
export class AccidentTracker {
  private readonly open = new Map<string, OpenAccident>();
  /** Per segment: when the latest accident on it cleared (-Infinity: none recovering). */
  private readonly clearedAt: Float64Array;
  /** When `observe` last swept. */
  private sweptAt = Number.NEGATIVE_INFINITY;
  /**
   * The segments' bounding boxes (lon/lat): an accident measures its distance to the few segments
   * whose box comes within the radius, not to every segment of the city (1,515 here, a few dozen µs an
   * accident, on the ingest path).
   */
  private readonly index: Flatbush | null;

  constructor(
    private readonly roads: readonly { path: [number, number][] }[],
    private readonly options: AccidentOptions = DEFAULT_ACCIDENT_OPTIONS,
  ) {
    this.clearedAt = new Float64Array(roads.length).fill(Number.NEGATIVE_INFINITY);
    this.index = roads.length > 0 ? boxesOf(roads) : null;
  }

  /** What is held: accidents still open plus segments still recovering. */
  get size(): number {
    let recovering = 0;
    for (const t of this.clearedAt) if (t !== Number.NEGATIVE_INFINITY) recovering++;
    return this.open.size + recovering;
  }

  /** Takes the latest state of committed events; anything but traffic accidents is ignored. */
  observe(events: readonly GridEvent[], now: number): void {
    for (const e of events) {
      if (e.category !== 'traffic' || e.subcategory !== 'accident') continue;
      const known = this.open.get(e.id);
      if (CLEARED.has(e.status)) {
        if (known) this.clear(e.id, known, now);
      } else if (!known) {
        this.open.set(e.id, { startedAt: now, segments: this.near(e.lon, e.lat) });
      }
    }
    // `factors` also sweeps, but only the traffic simulator calls it: without one (real traffic feeds,
    // SIM=off) accidents nobody closes would be kept. Sweep here too, once a minute.
    if (now - this.sweptAt >= SWEEP_MS) {
      this.sweptAt = now;
      this.sweep(now);
    }
  }

  /** Speed multiplier per segment at `now` (1 = unaffected); forgets what has fully recovered. */
  factors(now: number): Float64Array {
    this.sweep(now);
    const { factor, recoveryMs } = this.options;
    const out = new Float64Array(this.roads.length).fill(1);
    for (let i = 0; i < out.length; i++) {
      const since = this.clearedAt[i]!;
      if (since !== Number.NEGATIVE_INFINITY)
        out[i] = factor + ((1 - factor) * Math.max(0, now - since)) / recoveryMs;
    }
    for (const a of this.open.values()) for (const i of a.segments) out[i] = factor;
    return out;
  }

  /** The accident cleared at `at`: its segments start recovering from then. */
  private clear(id: string, a: OpenAccident, at: number): void {
    this.open.delete(id);
    for (const i of a.segments) this.clearedAt[i] = Math.max(this.clearedAt[i]!, at);
  }

  /** Clears accidents past the timeout and forgets segments fully recovered at `now`. */
  private sweep(now: number): void {
    const { timeoutMs, recoveryMs } = this.options;
    for (const [id, a] of this.open)
      if (now - a.startedAt >= timeoutMs) this.clear(id, a, a.startedAt + timeoutMs);
    for (let i = 0; i < this.clearedAt.length; i++)
      if (now - this.clearedAt[i]! >= recoveryMs) this.clearedAt[i] = Number.NEGATIVE_INFINITY;
  }

  /** Indexes of the segments passing within the radius of (lon, lat). */
  private near(lon: number, lat: number): number[] {
    const kx = 111_320 * Math.cos((lat * Math.PI) / 180);
    const ky = 110_540;
    const r = this.options.radiusM;
    const r2 = r ** 2;
    const hits: number[] = [];
    if (!this.index) return hits;
    // Boxes within the radius (a little more: the metre scale is the accident's latitude's).
    const [dLon, dLat] = [(1.01 * r) / kx, (1.01 * r) / ky];
    for (const i of this.index.search(lon - dLon, lat - dLat, lon + dLon, lat + dLat)) {
      const path = this.roads[i]!.path;
      for (let k = 0; k < path.length; k++) {
        const a = path[k]!;
        const b = path[k + 1] ?? a;
        if (
          distance2(0, 0, (a[0] - lon) * kx, (a[1] - lat) * ky, (b[0] - lon) * kx, (b[1] - lat) * ky) <= r2
        ) {
          hits.push(i);
          break;
        }
      }
    }
    return hits;
  }
}

/** A spatial index of the roads' bounding boxes (lon/lat), item i being roads[i]. */
function boxesOf(roads: readonly { path: [number, number][] }[]): Flatbush {
  const index = new Flatbush(roads.length);
  for (const { path } of roads) {
    const lons = path.map((p) => p[0]);
    const lats = path.map((p) => p[1]);
    index.add(Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats));
  }
  index.finish();
  return index;
}

/** Squared distance from point (px, py) to segment (ax, ay)–(bx, by), in a local metric plane. */
function distance2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  const x = ax + t * dx - px;
  const y = ay + t * dy - py;
  return x * x + y * y;
}
