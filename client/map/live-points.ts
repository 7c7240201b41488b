import { NEAR_SHARE, type SlaState, slaState } from '../../shared/domain/sla';
import type { GridEvent } from '../../shared/schemas/event';
import type { EventPoint } from '../../shared/snapshot-columns';
import type { LiveStore, SlotView } from '../state/live-store';
import { fillOf, POINT_ALPHA, radiusOf, SLA_RING } from './layers/event-style';

/** Deadlines pass slowly: rings are recomputed at most once per this much server time. */
const SLA_TICK_MS = 10_000;

/** Ring states by code, as kept per slot. */
const STATES: readonly SlaState[] = ['none', 'ok', 'near', 'overdue'];
/** The code of 'ok'; 'near' and 'overdue' follow it (the ring sweep adds to it). */
const OK = 1;

/**
 * The points as one version of the typed arrays (views, `length` points): the layer reads row `i` of
 * each through its accessors, and asks `LivePoints.rowsChanged` which rows differ from the version it
 * drew last, so a batch recomputes and uploads its own rows, not all 100,000.
 */
export interface LivePointsData {
  length: number;
  version: number;
  positions: Float32Array;
  fill: Uint8Array;
  line: Uint8Array;
  radius: Float32Array;
  lineWidth: Float32Array;
}

/** Rows `startRow` … `endRow - 1`, as deck.gl's `_dataDiff` gives them. */
export interface RowRange {
  startRow: number;
  endRow: number;
}

/** Versions remembered for `rowsChanged`; a layer further behind than this redraws every row. */
const LOG_VERSIONS = 32;
/**
 * Changed rows closer than this are sent as one range: a few rows recomputed for nothing cost less
 * than another buffer upload call.
 */
const RANGE_GAP = 64;
/**
 * More ranges than this in one diff and it becomes the one range that spans them. A range costs a few
 * small buffer writes; the span copies and uploads every row between the first and the last change
 * (up to all 100,000 points, ~3 MB; when the layer still computed rows through accessors, a frame of
 * ~60 ms in software GL). A ring sweep's deadlines crossed make ~50 scattered ranges of ~110 rows
 * among 100,000 (bench fixture).
 */
const MAX_RANGES = 1024;

/**
 * The live store's open events as typed arrays of what deck.gl draws, kept up to date per batch: a batch
 * of 1,000 events writes 1,000 slots instead of rebuilding 100,000 objects' attributes. Slots are the
 * store's own (a view of it, told of each write and move), so `length` is the open count and no id
 * index is kept twice.
 *
 * Each change of the arrays is a version, and the rows it touched are logged, so the layer uploads to
 * the GPU only the rows that changed since the version it drew (`rowsChanged`): a batch of 1,000 new
 * events sends 1,000 rows, not the 100,000 open ones (bench/browser.ts). `data()` is a new object only
 * when something changed, so a layer rebuilt for another reason (zoom, traffic) uploads nothing.
 */
export class LivePoints implements SlotView {
  /** Bumped on every change of the arrays' contents. */
  version = 0;
  /** The version of the last `data()` handed to a layer (what the next frame draws). */
  handedOut = -1;
  private n = 0;
  private capacity = 0;
  /** Server time for the batch being applied. */
  private batchNow = 0;
  private positions = new Float32Array(0);
  private fill = new Uint8Array(0);
  private line = new Uint8Array(0);
  private radius = new Float32Array(0);
  private lineWidth = new Float32Array(0);
  /** Per slot, for the ring sweep without touching the events: dispatch and due times (NaN: no clock running), ring state. */
  private dispatched = new Float64Array(0);
  private due = new Float64Array(0);
  private ringState = new Uint8Array(0);
  private slaTick = Number.NaN;
  private cache: LivePointsData | null = null;
  /** Between `reset` and `endBatch`: every slot is being written (a snapshot), none is logged. */
  private rewriting = false;
  /** Slots written or moved into since the last version (a batch's, or a ring sweep's). */
  private touched: number[] = [];
  /** Per version, oldest first, the rows it changed; null: every row (a snapshot). */
  private log: { version: number; rows: RowRange[] | null }[] = [];
  private readonly unsubscribe: () => void;

  constructor(private readonly store: LiveStore) {
    this.unsubscribe = store.attachView(this);
  }

  get length(): number {
    return this.n;
  }

  /** The ring width at a slot as the arrays hold it now (tests), without handing out a version. */
  ringWidthAt(slot: number): number | undefined {
    return slot >= 0 && slot < this.n ? this.lineWidth[slot] : undefined;
  }

  /** The event drawn at a slot (picking gives an index, not an object), where the store keeps events. */
  eventAt(index: number): GridEvent | undefined {
    return index >= 0 && index < this.n && this.store.keepsEvents ? this.store.eventAt(index) : undefined;
  }

  /**
   * The arrays as they are now (a new object only after a change). Rings are as of the last batch or
   * `followClock`: drawing never sweeps them.
   */
  data(): LivePointsData {
    if (this.cache?.version !== this.version) {
      const n = this.n;
      this.cache = {
        length: n,
        version: this.version,
        positions: this.positions.subarray(0, 2 * n),
        fill: this.fill.subarray(0, 4 * n),
        line: this.line.subarray(0, 4 * n),
        radius: this.radius.subarray(0, n),
        lineWidth: this.lineWidth.subarray(0, n),
      };
    }
    this.handedOut = this.version;
    return this.cache;
  }

  /**
   * The rows that differ between two versions handed out by `data()`, for deck.gl's `_dataDiff`;
   * undefined when every row must be redrawn (no previous version, a snapshot between, or a version
   * older than the log). Rows past the newer version's length need nothing.
   */
  rowsChanged(from: number | undefined, to: number): RowRange[] | undefined {
    if (from === undefined || from > to) return undefined;
    if (from === to) return [];
    const first = this.log.findIndex((entry) => entry.version > from);
    // The version right after `from` must still be in the log, or rows changed by it are unknown.
    if (first < 0 || this.log[first]!.version !== from + 1) return undefined;
    const ranges: RowRange[] = [];
    for (let i = first; i < this.log.length && this.log[i]!.version <= to; i++) {
      const rows = this.log[i]!.rows;
      if (rows === null) return undefined;
      ranges.push(...rows);
    }
    return coalesce(ranges);
  }

  /**
   * Whether `data()` would hand out what it handed out last (nothing applied since): a map that drew
   * the last data then has nothing to rebuild for the points.
   */
  upToDate(): boolean {
    return this.handedOut === this.version;
  }

  /**
   * Recolours the rings for the store's server time once a deadline tick (SLA_TICK_MS) has passed
   * since the last sweep; true when rings changed (a new version for the map to draw). Deadlines pass
   * with time, not with batches, so the page calls this from its clock: the sweep of every point
   * (~2 ms for 100,000) is then once per tick, never inside a batch's rebuild.
   */
  followClock(): boolean {
    const tick = Math.floor(this.store.serverNow() / SLA_TICK_MS);
    if (tick === this.slaTick) return false;
    const before = this.version;
    this.recolourRings(tick);
    return this.version !== before;
  }

  destroy(): void {
    this.unsubscribe();
  }

  reset(): void {
    this.n = 0;
    this.rewriting = true;
    this.touched = [];
    this.batchNow = this.store.serverNow();
    this.slaTick = Math.floor(this.batchNow / SLA_TICK_MS);
  }

  beginBatch(): void {
    this.batchNow = this.store.serverNow();
  }

  write(slot: number, e: EventPoint): void {
    if (slot >= this.n) {
      this.n = slot + 1;
      this.ensureCapacity(this.n);
    }
    this.upsert(slot, e, this.batchNow);
    if (!this.rewriting) this.touched.push(slot);
  }

  move(from: number, to: number): void {
    this.positions.copyWithin(2 * to, 2 * from, 2 * from + 2);
    this.fill.copyWithin(4 * to, 4 * from, 4 * from + 4);
    this.line.copyWithin(4 * to, 4 * from, 4 * from + 4);
    this.radius[to] = this.radius[from]!;
    this.lineWidth[to] = this.lineWidth[from]!;
    this.dispatched[to] = this.dispatched[from]!;
    this.due[to] = this.due[from]!;
    this.ringState[to] = this.ringState[from]!;
    this.n = from;
    this.touched.push(to);
  }

  endBatch(): void {
    this.n = this.store.size;
    if (this.rewriting) {
      this.rewriting = false;
      this.commit(null);
    } else this.commitTouched();
  }

  private upsert(slot: number, e: EventPoint, now: number): void {
    this.positions[2 * slot] = e.lon;
    this.positions[2 * slot + 1] = e.lat;
    const c = fillOf(e);
    const f = 4 * slot;
    this.fill[f] = c[0];
    this.fill[f + 1] = c[1];
    this.fill[f + 2] = c[2];
    this.fill[f + 3] = POINT_ALPHA;
    this.radius[slot] = radiusOf(e);
    const state = slaState(e, now);
    const running = state !== 'none';
    this.dispatched[slot] = running ? e.dispatchedAt! : Number.NaN;
    this.due[slot] = running ? e.dueAt! : Number.NaN;
    this.ringState[slot] = STATES.indexOf(state);
    this.writeRing(slot, SLA_RING[state]);
  }

  private writeRing(slot: number, ring: (typeof SLA_RING)[SlaState]): void {
    const l = 4 * slot;
    this.line[l] = ring.color[0];
    this.line[l + 1] = ring.color[1];
    this.line[l + 2] = ring.color[2];
    this.line[l + 3] = ring.color[3];
    this.lineWidth[slot] = ring.width;
  }

  private recolourRings(tick: number): void {
    this.slaTick = tick;
    const now = this.store.serverNow();
    // slaState over typed arrays, no event touched, and without a branch per test: deadlines in slot
    // order fall either side of `now` at random, and mispredicted branches cost (this loop alone over
    // 100,000 in Node: 1.35 ms with branches, 0.93 without). The state is a sum: 0 without a clock,
    // else OK (1), + 1 when near, + 1 more when overdue (an overdue deadline is near too: the due time
    // is past NEAR_SHARE of the time allowed). Only the rare slot whose ring changes takes the branch.
    const { dispatched, due, ringState } = this;
    for (let slot = 0; slot < this.n; slot++) {
      const d = due[slot]!;
      const from = dispatched[slot]!;
      const running = +!Number.isNaN(d);
      const state = running * (OK + +(now - from >= NEAR_SHARE * (d - from)) + +(now > d));
      if (state !== ringState[slot]) {
        ringState[slot] = state;
        this.writeRing(slot, SLA_RING[STATES[state]!]);
        this.touched.push(slot);
      }
    }
    if (this.touched.length > 0) this.commitTouched();
  }

  /** A new version whose changed rows are the slots touched since the last one. */
  private commitTouched(): void {
    const slots = this.touched.sort((a, b) => a - b);
    this.touched = [];
    const rows: RowRange[] = [];
    for (const slot of slots) {
      if (slot >= this.n) continue; // moved away from by a later removal in the same batch
      const last = rows[rows.length - 1];
      if (last && slot < last.endRow + RANGE_GAP) last.endRow = Math.max(last.endRow, slot + 1);
      else rows.push({ startRow: slot, endRow: slot + 1 });
    }
    this.commit(rows);
  }

  /** Bumps the version, logging the rows it changed (null: all). */
  private commit(rows: RowRange[] | null): void {
    this.version++;
    this.log.push({ version: this.version, rows });
    if (this.log.length > LOG_VERSIONS) this.log.shift();
  }

  private ensureCapacity(needed: number): void {
    if (needed <= this.capacity) return;
    const capacity = Math.max(1024, needed, this.capacity * 2);
    const grow = <T extends Float64Array | Float32Array | Uint8Array>(
      old: T,
      make: (n: number) => T,
      per: number,
    ): T => {
      const next = make(capacity * per);
      next.set(old.subarray(0, this.n * per));
      return next;
    };
    this.positions = grow(this.positions, (k) => new Float32Array(k), 2);
    this.fill = grow(this.fill, (k) => new Uint8Array(k), 4);
    this.line = grow(this.line, (k) => new Uint8Array(k), 4);
    this.radius = grow(this.radius, (k) => new Float32Array(k), 1);
    this.lineWidth = grow(this.lineWidth, (k) => new Float32Array(k), 1);
    this.dispatched = grow(this.dispatched, (k) => new Float64Array(k), 1);
    this.due = grow(this.due, (k) => new Float64Array(k), 1);
    this.ringState = grow(this.ringState, (k) => new Uint8Array(k), 1);
    this.capacity = capacity;
  }
}

/** Sorted, overlapping and near ranges merged; past MAX_RANGES, the one range spanning them all. */
function coalesce(ranges: RowRange[]): RowRange[] {
  ranges.sort((a, b) => a.startRow - b.startRow);
  const out: RowRange[] = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    if (last && r.startRow < last.endRow + RANGE_GAP) last.endRow = Math.max(last.endRow, r.endRow);
    else out.push({ ...r });
  }
  return out.length > MAX_RANGES
    ? [{ startRow: out[0]!.startRow, endRow: out[out.length - 1]!.endRow }]
    : out;
}
