import { isFinalStatus } from '../../shared/domain/event-status';
import { type GridCounts, rollUpCounts } from '../../shared/domain/grid-counts';
import { slaClockRunning } from '../../shared/domain/sla';
import type { Heartbeat, LiveBatch, Snapshot } from '../../shared/protocol';
import type { GridEvent } from '../../shared/schemas/event';

export type ConnectionState = 'connecting' | 'live' | 'offline';

/** The immutable view React reads through useSyncExternalStore; a new object on every change. */
export interface LiveSummary {
  connection: ConnectionState;
  seq: number;
  openCount: number;
  /** Open events past their handling deadline, at the server's time. */
  overdueCount: number;
  /** Distinct events that arrived live since this page opened (not counting the snapshot). */
  liveCount: number;
  /** Client time of the last snapshot or batch (ms), or null before the first. */
  lastUpdateAt: number | null;
  version: number;
}

export type ApplyResult = 'applied' | 'stale' | 'gap';

/** A change to `LiveStore.events`: a snapshot replaced them all, or a batch upserted or removed these. */
export type EventsChange = { kind: 'reset' } | { kind: 'batch'; events: readonly GridEvent[] };

/**
 * Live state outside React: events by id plus a summary. Applying is idempotent by event id, so a
 * batch replayed after a reconnect can neither duplicate nor lose an event.
 */
export class LiveStore {
  readonly events = new Map<string, GridEvent>();
  private readonly seenLive = new Set<string>();
  private summary: LiveSummary = {
    connection: 'connecting',
    seq: 0,
    openCount: 0,
    overdueCount: 0,
    liveCount: 0,
    lastUpdateAt: null,
    version: 0,
  };
  private readonly listeners = new Set<() => void>();
  private readonly eventListeners = new Set<(change: EventsChange) => void>();
  private hasSnapshot = false;
  /**
   * The deadlines of the open events whose handling clock runs (dispatched or handling), dense by slot
   * (a removed one's slot takes the last one): the overdue recount on a heartbeat is a sweep over one
   * typed array, not a `slaState` call per open event.
   */
  private readonly deadlines = new Deadlines();
  /** The server's clock at the last message and our clock when it came: the server may run simulated time. */
  private serverAt = 0;
  private receivedAt = 0;

  constructor(private readonly now: () => number = () => Date.now()) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSummary = (): LiveSummary => this.summary;

  /**
   * Each change to `events` as it is applied, before the summary listeners run: for views kept up to
   * date incrementally (the map's live points) rather than rebuilt from all events.
   */
  onEvents(listener: (change: EventsChange) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** The seq to resume from, or null when nothing was received yet. */
  get lastSeq(): number | null {
    return this.hasSnapshot ? this.summary.seq : null;
  }

  setConnection(connection: ConnectionState): void {
    if (connection !== this.summary.connection) this.update({ connection });
  }

  /** The server's current time, estimated from its last message. */
  serverNow(): number {
    return this.serverAt + (this.now() - this.receivedAt);
  }

  applySnapshot(snapshot: Snapshot): void {
    this.events.clear();
    for (const e of snapshot.events) this.events.set(e.id, e);
    this.deadlines.reset(this.events.values());
    this.hasSnapshot = true;
    this.markServerTime(snapshot.at);
    for (const l of this.eventListeners) l({ kind: 'reset' });
    this.update({ seq: snapshot.seq, ...this.counts(), lastUpdateAt: this.now() });
  }

  /**
   * Applies a batch in seq order. 'stale' when everything in it was already applied, 'gap' when
   * changes are missing before it (the caller must resync), otherwise 'applied'.
   */
  applyBatch(batch: LiveBatch): ApplyResult {
    if (!this.hasSnapshot) return 'gap';
    if (batch.seq <= this.summary.seq) return 'stale';
    if (batch.fromSeq > this.summary.seq + 1) return 'gap';
    for (const e of batch.events) {
      if (isFinalStatus(e.status)) {
        this.events.delete(e.id);
        this.deadlines.delete(e.id);
      } else {
        this.events.set(e.id, e);
        this.deadlines.set(e);
      }
      this.seenLive.add(e.id);
    }
    for (const l of this.eventListeners) l({ kind: 'batch', events: batch.events });
    // Overdue too: an overdue event closed in this batch must leave the figure now, not at the next
    // heartbeat (the count is a sweep over a typed array of running deadlines).
    this.update({
      seq: batch.seq,
      ...this.counts(),
      liveCount: this.seenLive.size,
      lastUpdateAt: this.now(),
    });
    return 'applied';
  }

  /** A quiet channel is alive: the data is fresh even though nothing changed. */
  applyHeartbeat(heartbeat: Heartbeat): void {
    if (!this.hasSnapshot) return;
    this.markServerTime(heartbeat.at);
    // Time passing alone makes events overdue: recount on every heartbeat.
    this.update({ ...this.counts(), lastUpdateAt: this.now() });
  }

  /** Open, overdue… per grid id at every level and under 'city', at the server's time. */
  gridCounts(): Map<string, GridCounts> {
    return rollUpCounts(this.events.values(), this.serverNow());
  }

  /** Open and overdue (`slaState(e, now) === 'overdue'` for an open event) at the server's time. */
  private counts(): Pick<LiveSummary, 'openCount' | 'overdueCount'> {
    return { openCount: this.events.size, overdueCount: this.deadlines.countBefore(this.serverNow()) };
  }

  private markServerTime(at: number): void {
    this.serverAt = at;
    this.receivedAt = this.now();
  }

  private update(patch: Partial<LiveSummary>): void {
    this.summary = { ...this.summary, ...patch, version: this.summary.version + 1 };
    for (const l of this.listeners) l();
  }
}

/**
 * Due times of the events whose handling clock runs, by event id, in a dense typed array. An event is
 * overdue at `now` exactly when its clock runs and `now > dueAt` (shared/domain/sla.ts), so the overdue
 * count is how many held due times are below `now`: 100,000 of them counted in well under a
 * millisecond, where `slaState` over every open event took 10–35 ms.
 */
class Deadlines {
  private readonly slotOf = new Map<string, number>();
  private ids: string[] = [];
  private due = new Float64Array(1024);
  private n = 0;

  reset(events: Iterable<GridEvent>): void {
    this.slotOf.clear();
    this.ids = [];
    this.n = 0;
    for (const e of events) this.set(e);
  }

  /** Holds the event's due time when its clock runs, drops it otherwise. */
  set(e: GridEvent): void {
    if (!slaClockRunning(e)) {
      this.delete(e.id);
      return;
    }
    let slot = this.slotOf.get(e.id);
    if (slot === undefined) {
      slot = this.n++;
      if (slot === this.due.length) {
        const grown = new Float64Array(2 * this.due.length);
        grown.set(this.due);
        this.due = grown;
      }
      this.slotOf.set(e.id, slot);
      this.ids[slot] = e.id;
    }
    this.due[slot] = e.dueAt;
  }

  delete(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    this.slotOf.delete(id);
    const last = --this.n;
    if (slot !== last) {
      const moved = this.ids[last]!;
      this.ids[slot] = moved;
      this.slotOf.set(moved, slot);
      this.due[slot] = this.due[last]!;
    }
    this.ids.length = last;
  }

  /** How many held due times are before `now`. */
  countBefore(now: number): number {
    const { due, n } = this;
    let count = 0;
    for (let i = 0; i < n; i++) if (due[i]! < now) count++;
    return count;
  }
}
