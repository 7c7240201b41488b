import type { TrafficObservation } from '../../shared/schemas/traffic';
import { summariseParking } from '../../shared/traffic/parking';
import { computeTpi } from '../../shared/traffic/tpi';
import { encodeTrafficFrame } from '../../shared/traffic/wire';
import { utcOffsetMinutes } from '../../shared/util/time';
import type { Clock } from '../clock';
import type { CityDataset } from '../geo/city-dataset';
import type { LiveHub } from '../realtime/live-hub';
import { AccidentTracker } from './accident-tracker';
import { bucketStart, mergeRows, minuteRows, type Resolution } from './rollups';
import { validateObservations } from './traffic-ingest';
import { TrafficSimulator } from './traffic-simulator';
import { TrafficStateModel } from './traffic-state';
import type { TrafficStore } from './traffic-store';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** History kept and served: 7 days plus the day before, so "the last 24 h against a week ago" works. */
export const HISTORY_MS = 8 * DAY;

export interface TrafficPoolOptions {
  dataset: Pick<CityDataset, 'roads' | 'parking' | 'keyAreas' | 'city'>;
  clock: Clock;
  store: TrafficStore;
  /** Committed events arrive here; traffic accidents among them slow the simulated roads. */
  hub?: LiveHub;
  /** Where frames go (the Socket.IO room of walls that said hello); set by attachTrafficSocket. */
  broadcast?: (frame: Uint8Array) => void;
  staleMs: number;
  /** The built-in traffic simulator; null when SIM is off. */
  sim: { seed: number; rain: boolean; tickMs?: number } | null;
  /** Real ms between pushes (default 2000); a frame goes out when the state changed or every 10 s. */
  pushMs?: number;
  onError?: (err: unknown) => void;
}

/**
 * The traffic data pool: the latest reading of every segment and lot, frames to the walls, rollups to
 * SQLite, and the simulator feeding it when SIM is on. Every source enters by ingestTrafficObservations.
 */
export class TrafficPool {
  readonly state: TrafficStateModel;
  readonly accidents: AccidentTracker;
  readonly simulator: TrafficSimulator | null;
  /** Orders frames; bumped for every frame pushed. */
  version = 0;
  broadcast: ((frame: Uint8Array) => void) | null;
  /**
   * Several instances (set by ScaleOut): readings that entered here are handed on to the other
   * instances, so every instance's walls show the same roads. MQTT readings are not: every instance
   * subscribes to the broker itself.
   */
  shareWithPeers: ((observations: TrafficObservation[]) => void) | null = null;
  /** Several instances: only the rules leader's simulator feeds the roads (its readings are shared). */
  simulatorRuns: () => boolean = () => true;
  private timer: ReturnType<typeof setInterval> | null = null;
  private pushedChanges = -1;
  private pushedAt = 0;
  private lastMinute: number | null = null;

  constructor(private readonly options: TrafficPoolOptions) {
    const { dataset } = options;
    this.state = new TrafficStateModel(dataset, options.staleMs);
    this.accidents = new AccidentTracker(dataset.roads);
    this.broadcast = options.broadcast ?? null;
    this.simulator = options.sim
      ? new TrafficSimulator({
          clock: options.clock,
          seed: options.sim.seed,
          network: dataset,
          offsetMinutes: utcOffsetMinutes(dataset.city.timezone, options.clock.now()),
          rain: options.sim.rain,
          accidents: this.accidents,
          ingest: (obs) => this.ingestTrafficObservations(obs),
          // Followers compute nothing: the leader's readings reach them through the other servers.
          active: () => this.simulatorRuns(),
          tickMs: options.sim.tickMs,
          onError: options.onError,
        })
      : null;
    // The hub hands every committed change to its subscribers; the pool listens as one, city-wide.
    options.hub?.subscribe(
      {
        id: 'traffic-pool:accidents',
        send: (batch) => this.accidents.observe(batch.events, options.clock.now()),
        beat: () => {},
        backlog: () => 0,
        overflow: () => {},
      },
      'city',
      1000,
    );
  }

  /**
   * The one entry point for readings from any source (HTTP, MQTT `longgang/traffic/#`, the simulator,
   * another instance): validated like events, all or nothing. Throws TrafficIngestError naming every
   * bad item. A reading older than the one held is ignored, so a reading that arrives twice is harmless.
   */
  ingestTrafficObservations(
    items: readonly unknown[],
    from: 'here' | 'mqtt' | 'peer' = 'here',
  ): { applied: number } {
    const now = this.options.clock.now();
    const observations: TrafficObservation[] = validateObservations(items, this.state, now);
    const applied = this.state.apply(observations, now);
    if (from === 'here' && observations.length > 0) this.shareWithPeers?.(observations);
    return { applied };
  }

  /** The current state as a binary frame (the snapshot a wall starts from). */
  frameBytes(): Uint8Array {
    return encodeTrafficFrame(this.state.frame(this.options.clock.now(), this.version));
  }

  stateJson() {
    return this.state.toJson(this.options.clock.now(), this.version, this.simulator !== null);
  }

  /** Stored buckets of an area within the kept history, oldest first. */
  history(scope: string, from: number, to: number, resolution: Resolution) {
    const start = Math.max(from, this.options.clock.now() - HISTORY_MS);
    return { from: start, points: this.options.store.history(scope, resolution, start, to) };
  }

  /** Backfills simulated history when there is none, then starts the simulator and the push loop. */
  start(): void {
    if (this.simulator) {
      this.backfill();
      this.simulator.tick();
    }
    this.simulator?.start();
    this.timer ??= setInterval(() => {
      try {
        this.step();
      } catch (err) {
        this.options.onError?.(err);
      }
    }, this.options.pushMs ?? 2000);
  }

  stop(): void {
    this.simulator?.stop();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.options.hub?.unsubscribe('traffic-pool:accidents');
  }

  /** One push-loop step: a frame when something changed (or 10 s passed: readings go stale), then rollups. */
  step(): void {
    const now = this.options.clock.now();
    if (this.state.changes !== this.pushedChanges || now - this.pushedAt >= 10_000) {
      this.pushedChanges = this.state.changes;
      this.pushedAt = now;
      this.version++;
      this.broadcast?.(encodeTrafficFrame(this.state.frame(now, this.version)));
    }
    this.rollup(now);
  }

  /**
   * Samples the state once per clock minute into a 1-minute row and refreshes the 15-minute row of the
   * quarter it falls in. At high SIM_SPEED minutes pass faster than steps: the skipped ones stay empty.
   */
  rollup(now: number): void {
    const minute = bucketStart(now, 1);
    if (this.lastMinute !== null && minute <= this.lastMinute) return;
    this.lastMinute = minute;
    const { store } = this.options;
    const { tpi, parking } = this.state.summary(now);
    store.writeRollups(minuteRows(tpi, parking, minute));
    const quarter = bucketStart(now, 15);
    store.writeRollups(mergeRows(store.rowsIn(1, quarter, quarter + 15 * MINUTE - 1), 15, quarter));
    if (minute === quarter) {
      store.prune(1, now - HISTORY_MS);
      store.prune(15, now - 5 * HISTORY_MS);
    }
  }

  /** Fills the kept history with 15-minute rows from the simulated city when it has none at all. */
  private backfill(): void {
    const sim = this.simulator;
    const now = this.options.clock.now();
    const first = bucketStart(now - HISTORY_MS, 15);
    const last = bucketStart(now, 15) - 15 * MINUTE;
    if (!sim || this.options.store.countCity(15, first, now) > 0) return;
    const { roads, parking } = this.options.dataset;
    const rows = [];
    for (let bucket = first; bucket <= last; bucket += 15 * MINUTE) {
      const v = sim.valuesAt(bucket + 7.5 * MINUTE);
      const minute = minuteRows(computeTpi(roads, v.speeds), summariseParking(parking, v.occupied), bucket);
      rows.push(...minute.map((r) => ({ ...r, resolution: 15 as const })));
    }
    this.options.store.writeRollups(rows);
  }
}
