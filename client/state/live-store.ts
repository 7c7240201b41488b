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
  /** Events this page first learned of from a live batch since it opened (not from a snapshot). */
  liveCount: number;
  /** Client time of the last snapshot or batch (ms), or null before the first. */
  lastUpdateAt: number | null;
  version: number;
}

export type ApplyResult = 'applied' | 'stale' | 'gap';

/** A batch recounts the overdue events in full when the server's clock moved this far since the last sweep. */
const OVERDUE_SWEEP_MS = 1_000;

/**
 * A view kept in the store's own slot order (the map's typed arrays): it is told each slot written and
 * each move as they happen, so it needs no id index of its own. Slots are dense, 0 … `size - 1`.
 */
export interface SlotView {
  /** Every slot was replaced (a snapshot): read them with `eventAt`. */
  reset(): void;
  /** A batch starts; writes and moves follow, then `endBatch`. */
  beginBatch(): void;
  /** `slot` now holds `e` (new, or a newer version of the event there). */
  write(slot: number, e: GridEvent): void;
  /** The event in `from` (the last slot) moved to `to`, whose event left. */
  move(from: number, to: number): void;
  endBatch(): void;
}

/**
 * Live state outside React: the open events in dense slots (one id index for the store and every view
 * of it) plus a summary. Applying is idempotent by event id, so a batch replayed after a reconnect can
 * neither duplicate nor lose an event.
 */
export class LiveStore {
  /** Event id → slot; `slots[slot]` is the event. A removed event's slot takes the last one. */
  private readonly slotOf = new Map<string, number>();
  private slots: GridEvent[] = [];
  /**
   * Per slot, the deadline of an event whose handling clock runs (dispatched or handling), NaN for the
   * others: the overdue count is a sweep over one typed array, not a `slaState` call per open event.
   */
  private due = new Float64Array(1024);
  /**
   * Open events whose deadline is before `overdueAt` (server time). A full sweep sets both; between
   * sweeps each write and removal adjusts the count at once, so a batch costs its own events, not a
   * sweep of every open one, and the figure lags time passing by at most OVERDUE_SWEEP_MS.
   */
  private overdue = 0;
  private overdueAt = Number.NaN;
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
  private readonly views = new Set<SlotView>();
  private hasSnapshot = false;
  /** The server's clock at the last message and our clock when it came: the server may run simulated time. */
  private serverAt = 0;
  private receivedAt = 0;

  constructor(private readonly now: () => number = () => Date.now()) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSummary = (): LiveSummary => this.summary;

  /** How many events are open. */
  get size(): number {
    return this.slots.length;
  }

  get(id: string): GridEvent | undefined {
    const slot = this.slotOf.get(id);
    return slot === undefined ? undefined : this.slots[slot];
  }

  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  /** The open events, in slot order (a new array the caller may keep). */
  values(): GridEvent[] {
    return this.slots.slice();
  }

  /** The event in a slot (0 … size - 1). */
  eventAt(slot: number): GridEvent | undefined {
    return this.slots[slot];
  }

  /**
   * Keeps `view` in step with the slots as changes are applied, before the summary listeners run: for
   * views kept up to date incrementally (the map's live points) rather than rebuilt from all events.
   */
  attachView(view: SlotView): () => void {
    this.views.add(view);
    return () => this.views.delete(view);
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
    this.slotOf.clear();
    this.slots = [];
    this.overdueAt = Number.NaN;
    for (const e of snapshot.events) {
      if (isFinalStatus(e.status)) continue;
      const slot = this.slotOf.get(e.id) ?? this.addSlot(e.id);
      this.writeSlot(slot, e);
    }
    this.hasSnapshot = true;
    this.markServerTime(snapshot.at);
    for (const v of this.views) v.reset();
    this.update({ seq: snapshot.seq, ...this.counts(true), lastUpdateAt: this.now() });
  }

  /**
   * Applies a batch in seq order. 'stale' when everything in it was already applied, 'gap' when
   * changes are missing before it (the caller must resync), otherwise 'applied'.
   */
  applyBatch(batch: LiveBatch): ApplyResult {
    if (!this.hasSnapshot) return 'gap';
    if (batch.seq <= this.summary.seq) return 'stale';
    if (batch.fromSeq > this.summary.seq + 1) return 'gap';
    const views = this.views;
    for (const v of views) v.beginBatch();
    // Events this page first learns of here: they arrived live (the snapshot's are not counted).
    let arrived = 0;
    for (const e of batch.events) {
      let slot = this.slotOf.get(e.id);
      if (isFinalStatus(e.status)) {
        if (slot === undefined) arrived++;
        else this.removeSlot(e.id, slot);
        continue;
      }
      if (slot === undefined) {
        slot = this.addSlot(e.id);
        arrived++;
      }
      this.writeSlot(slot, e);
      for (const v of views) v.write(slot, e);
    }
    for (const v of views) v.endBatch();
    // Overdue too: an overdue event closed in this batch must leave the figure now, not at the next
    // heartbeat (each write adjusted the count; time passing is swept at most once a second).
    this.update({
      seq: batch.seq,
      ...this.counts(false),
      liveCount: this.summary.liveCount + arrived,
      lastUpdateAt: this.now(),
    });
    return 'applied';
  }

  /** A quiet channel is alive: the data is fresh even though nothing changed. */
  applyHeartbeat(heartbeat: Heartbeat): void {
    if (!this.hasSnapshot) return;
    this.markServerTime(heartbeat.at);
    // Time passing alone makes events overdue: recount on every heartbeat.
    this.update({ ...this.counts(true), lastUpdateAt: this.now() });
  }

  /** Open, overdue… per grid id at every level and under 'city', at the server's time. */
  gridCounts(): Map<string, GridCounts> {
    return rollUpCounts(this.slots, this.serverNow());
  }

  private addSlot(id: string): number {
    const slot = this.slots.length;
    if (slot === this.due.length) {
      const grown = new Float64Array(2 * this.due.length);
      grown.set(this.due);
      this.due = grown;
    }
    this.slotOf.set(id, slot);
    this.due[slot] = Number.NaN;
    return slot;
  }

  private writeSlot(slot: number, e: GridEvent): void {
    this.slots[slot] = e;
    const due = slaClockRunning(e) ? e.dueAt : Number.NaN;
    // NaN (no clock running, or no sweep yet) is never below anything.
    if (this.due[slot]! < this.overdueAt) this.overdue--;
    if (due < this.overdueAt) this.overdue++;
    this.due[slot] = due;
  }

  private removeSlot(id: string, slot: number): void {
    this.slotOf.delete(id);
    if (this.due[slot]! < this.overdueAt) this.overdue--;
    const last = this.slots.length - 1;
    if (slot !== last) {
      const moved = this.slots[last]!;
      this.slots[slot] = moved;
      this.slotOf.set(moved.id, slot);
      this.due[slot] = this.due[last]!;
      for (const v of this.views) v.move(last, slot);
    }
    this.slots.pop();
  }

  /**
   * Open and overdue (`slaState(e, now) === 'overdue'` for an open event) at the server's time: swept
   * in full when asked or when the server's clock moved on (or back) since the last sweep.
   */
  private counts(sweep: boolean): Pick<LiveSummary, 'openCount' | 'overdueCount'> {
    const n = this.slots.length;
    const now = this.serverNow();
    if (sweep || !(now >= this.overdueAt && now - this.overdueAt < OVERDUE_SWEEP_MS)) {
      const { due } = this;
      // NaN (no clock running) is never below `now`.
      let overdue = 0;
      for (let i = 0; i < n; i++) if (due[i]! < now) overdue++;
      this.overdue = overdue;
      this.overdueAt = now;
    }
    return { openCount: n, overdueCount: this.overdue };
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
