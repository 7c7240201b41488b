import { isFinalStatus } from '../../shared/domain/event-status';
import { type GridCounts, rollUpCounts } from '../../shared/domain/grid-counts';
import { slaClockRunning } from '../../shared/domain/sla';
import type { Heartbeat, LiveBatch, Snapshot } from '../../shared/protocol';
import type { GridEvent } from '../../shared/schemas/event';
import {
  ColumnCursor,
  decodeBatch,
  decodeSnapshot,
  type EventPoint,
  type LiveBatchColumns,
  type SnapshotColumns,
} from '../../shared/snapshot-columns';

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
  /** Every slot is about to be replaced (a snapshot): writes of slots 0 … size - 1 follow, then `endBatch`. */
  reset(): void;
  /** A batch starts; writes and moves follow, then `endBatch`. */
  beginBatch(): void;
  /**
   * `slot` now holds `e` (new, or a newer version of the event there). `e` may be a cursor that the
   * next write moves on (ColumnCursor): read it here, never keep it.
   */
  write(slot: number, e: EventPoint): void;
  /** The event in `from` (the last slot) moved to `to`, whose event left. */
  move(from: number, to: number): void;
  endBatch(): void;
}

/** A snapshot's or batch's events, one at a time: objects (JSON) or a cursor over columns. */
interface Rows {
  n: number;
  row(i: number): EventPoint;
  /** The whole event, where the rows are objects. */
  event?(i: number): GridEvent;
}

const objectRows = (events: readonly GridEvent[]): Rows => ({
  n: events.length,
  row: (i) => events[i]!,
  event: (i) => events[i]!,
});

const columnRows = (columns: SnapshotColumns): Rows => {
  const cursor = new ColumnCursor(columns);
  return { n: columns.n, row: (i) => cursor.at(i) };
};

export interface LiveStoreOptions {
  /**
   * Keep each open event whole (the console: details, lists, grid counts). Without, the store keeps
   * ids, deadlines and its views only (the wall), and applies columns with no object per event: at
   * 100,000 open events that is a heap of typed arrays instead of 100,000 objects to allocate and
   * for the garbage collector to mark (bench/browser.ts).
   */
  keepEvents?: boolean;
}

/**
 * Live state outside React: the open events in dense slots (one id index for the store and every view
 * of it) plus a summary. Applying is idempotent by event id, so a batch replayed after a reconnect can
 * neither duplicate nor lose an event.
 */
export class LiveStore {
  /** Event id → slot; `ids[slot]` is the event's id. A removed event's slot takes the last one. */
  private readonly slotOf = new Map<string, number>();
  private ids: string[] = [];
  /** The events by slot, when kept (`keepEvents`). */
  private events: GridEvent[] | null;
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

  constructor(
    private readonly now: () => number = () => Date.now(),
    options: LiveStoreOptions = {},
  ) {
    this.events = options.keepEvents === false ? null : [];
  }

  /** Whether the store keeps whole events (`get`, `values`, `eventAt`, `gridCounts`). */
  get keepsEvents(): boolean {
    return this.events !== null;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSummary = (): LiveSummary => this.summary;

  /** How many events are open. */
  get size(): number {
    return this.ids.length;
  }

  get(id: string): GridEvent | undefined {
    const slot = this.slotOf.get(id);
    return slot === undefined ? undefined : this.kept()[slot];
  }

  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  /** The open events, in slot order (a new array the caller may keep). */
  values(): GridEvent[] {
    return this.kept().slice();
  }

  /** The event in a slot (0 … size - 1). */
  eventAt(slot: number): GridEvent | undefined {
    return this.kept()[slot];
  }

  /**
   * Keeps `view` in step with the slots as changes are applied, before the summary listeners run: for
   * views kept up to date incrementally (the map's live points) rather than rebuilt from all events.
   * The view is first given the slots there are (a store that keeps no events must still be empty).
   */
  attachView(view: SlotView): () => void {
    view.reset();
    if (this.size > 0) {
      const events = this.kept();
      for (let slot = 0; slot < events.length; slot++) view.write(slot, events[slot]!);
    }
    view.endBatch();
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
    this.loadSnapshot(snapshot.seq, snapshot.at, objectRows(snapshot.events));
  }

  /** A snapshot as `sync:columns` brings it: decoded to events only where they are kept. */
  applySnapshotColumns(columns: SnapshotColumns): void {
    if (this.keepsEvents) this.applySnapshot(decodeSnapshot(columns));
    else this.loadSnapshot(columns.seq, columns.at, columnRows(columns));
  }

  /**
   * Applies a batch in seq order. 'stale' when everything in it was already applied, 'gap' when
   * changes are missing before it (the caller must resync), otherwise 'applied'.
   */
  applyBatch(batch: LiveBatch): ApplyResult {
    return this.applyRows(batch, objectRows(batch.events));
  }

  /** A batch as `sync:batch-columns` brings it: decoded to events only where they are kept. */
  applyBatchColumns(columns: LiveBatchColumns): ApplyResult {
    if (this.keepsEvents) return this.applyBatch(decodeBatch(columns));
    return this.applyRows(columns, columnRows(columns));
  }

  private loadSnapshot(seq: number, at: number, rows: Rows): void {
    this.slotOf.clear();
    this.ids = [];
    if (this.events) this.events = [];
    this.overdueAt = Number.NaN;
    this.markServerTime(at);
    const views = this.views;
    for (const v of views) v.reset();
    for (let i = 0; i < rows.n; i++) {
      const e = rows.row(i);
      if (isFinalStatus(e.status)) continue;
      const slot = this.slotOf.get(e.id) ?? this.addSlot(e.id);
      this.writeSlot(slot, e, rows.event?.(i));
      for (const v of views) v.write(slot, e);
    }
    for (const v of views) v.endBatch();
    this.hasSnapshot = true;
    this.update({ seq, ...this.counts(true), lastUpdateAt: this.now() });
  }

  private applyRows(batch: Pick<LiveBatch, 'seq' | 'fromSeq'>, rows: Rows): ApplyResult {
    if (!this.hasSnapshot) return 'gap';
    if (batch.seq <= this.summary.seq) return 'stale';
    if (batch.fromSeq > this.summary.seq + 1) return 'gap';
    const views = this.views;
    for (const v of views) v.beginBatch();
    // Events this page first learns of here: they arrived live (the snapshot's are not counted).
    let arrived = 0;
    for (let i = 0; i < rows.n; i++) {
      const e = rows.row(i);
      const id = e.id;
      let slot = this.slotOf.get(id);
      if (isFinalStatus(e.status)) {
        if (slot === undefined) arrived++;
        else this.removeSlot(id, slot);
        continue;
      }
      if (slot === undefined) {
        slot = this.addSlot(id);
        arrived++;
      }
      this.writeSlot(slot, e, rows.event?.(i));
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
    return rollUpCounts(this.kept(), this.serverNow());
  }

  /** The events kept by slot; a store told not to keep them has none to give. */
  private kept(): GridEvent[] {
    if (this.events === null) throw new Error('this live store keeps no events (keepEvents: false)');
    return this.events;
  }

  private addSlot(id: string): number {
    const slot = this.ids.length;
    if (slot === this.due.length) {
      const grown = new Float64Array(2 * this.due.length);
      grown.set(this.due);
      this.due = grown;
    }
    this.slotOf.set(id, slot);
    this.ids.push(id);
    this.due[slot] = Number.NaN;
    return slot;
  }

  /**
   * `event` is the whole event, given where the rows are objects: a store that keeps events is given
   * nothing else (`apply…Columns` decode first), so it never keeps a cursor that moves on.
   */
  private writeSlot(slot: number, e: EventPoint, event: GridEvent | undefined): void {
    if (this.events) this.events[slot] = event!;
    const due = slaClockRunning(e) ? e.dueAt : Number.NaN;
    // NaN (no clock running, or no sweep yet) is never below anything.
    if (this.due[slot]! < this.overdueAt) this.overdue--;
    if (due < this.overdueAt) this.overdue++;
    this.due[slot] = due;
  }

  private removeSlot(id: string, slot: number): void {
    this.slotOf.delete(id);
    if (this.due[slot]! < this.overdueAt) this.overdue--;
    const last = this.ids.length - 1;
    if (slot !== last) {
      const moved = this.ids[last]!;
      this.ids[slot] = moved;
      this.slotOf.set(moved, slot);
      if (this.events) this.events[slot] = this.events[last]!;
      this.due[slot] = this.due[last]!;
      for (const v of this.views) v.move(last, slot);
    }
    this.ids.pop();
    this.events?.pop();
  }

  /**
   * Open and overdue (`slaState(e, now) === 'overdue'` for an open event) at the server's time: swept
   * in full when asked or when the server's clock moved on (or back) since the last sweep.
   */
  private counts(sweep: boolean): Pick<LiveSummary, 'openCount' | 'overdueCount'> {
    const n = this.ids.length;
    const now = this.serverNow();
    if (sweep || !(now >= this.overdueAt && now - this.overdueAt < OVERDUE_SWEEP_MS)) {
      const { due } = this;
      // NaN (no clock running) is never below `now`. Added as 0 or 1, not counted behind an `if`:
      // deadlines in slot order fall either side of `now` at random, and a mispredicted branch per
      // slot made the sweep of 100,000 four times slower (0.43 against 0.10 ms in Node).
      let overdue = 0;
      for (let i = 0; i < n; i++) overdue += +(due[i]! < now);
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
