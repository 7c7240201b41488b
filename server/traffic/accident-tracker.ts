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

interface Accident {
  startedAt: number;
  clearedAt: number | null;
  segments: number[];
}

/** How often `observe` forgets recovered accidents. */
const SWEEP_MS = 60_000;

/** Statuses in which the road is clear again: the team has reported it handled, or it was void. */
const CLEARED = new Set(['handled', 'verified', 'closed', 'cancelled']);

/**
 * Follows 交通事故 (traffic/accident) events from the live pipeline and tells the traffic simulator how
 * much each segment is slowed: to `factor` while open, recovering linearly once handled (or after the
 * timeout). Clock-free: every call says the time.
 */
export class AccidentTracker {
  private readonly accidents = new Map<string, Accident>();
  /** When `observe` last forgot recovered accidents. */
  private sweptAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly roads: readonly { path: [number, number][] }[],
    private readonly options: AccidentOptions = DEFAULT_ACCIDENT_OPTIONS,
  ) {}

  /** Number of accidents still affecting traffic (open or recovering). */
  get size(): number {
    return this.accidents.size;
  }

  /** Takes the latest state of committed events; anything but traffic accidents is ignored. */
  observe(events: readonly GridEvent[], now: number): void {
    for (const e of events) {
      if (e.category !== 'traffic' || e.subcategory !== 'accident') continue;
      const known = this.accidents.get(e.id);
      if (CLEARED.has(e.status)) {
        if (known && known.clearedAt === null) known.clearedAt = now;
      } else if (!known) {
        this.accidents.set(e.id, { startedAt: now, clearedAt: null, segments: this.near(e.lon, e.lat) });
      }
    }
    // `factors` forgets recovered accidents, but only the traffic simulator calls it: without one (real
    // traffic feeds, SIM=off) every accident ever reported would be kept. Sweep here too, once a minute.
    if (now - this.sweptAt >= SWEEP_MS) {
      this.sweptAt = now;
      for (const [id, a] of this.accidents) if (this.recovered(a, now) >= 1) this.accidents.delete(id);
    }
  }

  /** How far an accident's segments have recovered at `now`: 0 while open, 1 once fully recovered. */
  private recovered(a: Accident, now: number): number {
    const { timeoutMs, recoveryMs } = this.options;
    const clearedAt = a.clearedAt ?? (now - a.startedAt >= timeoutMs ? a.startedAt + timeoutMs : null);
    return clearedAt === null ? 0 : Math.min(1, (now - clearedAt) / recoveryMs);
  }

  /** Speed multiplier per segment at `now` (1 = unaffected); forgets accidents fully recovered. */
  factors(now: number): Float64Array {
    const out = new Float64Array(this.roads.length).fill(1);
    const { factor } = this.options;
    for (const [id, a] of this.accidents) {
      const recovered = this.recovered(a, now);
      if (recovered >= 1) {
        this.accidents.delete(id);
        continue;
      }
      const f = factor + (1 - factor) * recovered;
      for (const i of a.segments) out[i] = Math.min(out[i]!, f);
    }
    return out;
  }

  /** Indexes of the segments passing within the radius of (lon, lat). */
  private near(lon: number, lat: number): number[] {
    const kx = 111_320 * Math.cos((lat * Math.PI) / 180);
    const ky = 110_540;
    const r2 = this.options.radiusM ** 2;
    const hits: number[] = [];
    this.roads.forEach((road, i) => {
      for (let k = 0; k < road.path.length; k++) {
        const a = road.path[k]!;
        const b = road.path[k + 1] ?? a;
        if (
          distance2(0, 0, (a[0] - lon) * kx, (a[1] - lat) * ky, (b[0] - lon) * kx, (b[1] - lat) * ky) <= r2
        ) {
          hits.push(i);
          return;
        }
      }
    });
    return hits;
  }
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
