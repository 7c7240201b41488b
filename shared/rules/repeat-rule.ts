import { CATEGORIES } from '../domain/categories';
import type { GridPath } from '../domain/grid';
import { levelFor } from './alert-level';
import { UPDATE_EVERY_MS } from './alert-reducer';
import type { RulesConfig } from './rules-config';
import { capCategoryOf, type Signal, scopeAt } from './signal';

type RepeatConfig = RulesConfig['rules']['repeat'];
/** What the repeat rule reads of an event. */
export interface RepeatEvent {
  id: string;
  category: string;
  lon: number;
  lat: number;
  grid: GridPath | null;
  receivedAt: number;
}
/** A report that arrived since the last evaluation (short-lived: the list is emptied by each evaluation). */
interface Entry {
  id: string;
  x: number;
  y: number;
}
interface Cluster {
  signal: Signal;
  /** The level holds at least until then (its oldest counted member leaves the window). */
  until: number;
  /** The centre its members were counted around. */
  cx: number;
  cy: number;
  /** Members counted: at red's count, more reports change nothing but the evidence. */
  size: number;
  /** When `signal` was made, and reports that joined since, not yet in it (see EVIDENCE_EVERY_MS). */
  madeAt: number;
  pending: string[];
}

/**
 * A red cluster's new evidence goes into a new signal at most this often (the reducer broadcasts a
 * count change at most every UPDATE_EVERY_MS anyway); in between the same signal object is handed
 * back, which the reducer passes over at once.
 */
const EVIDENCE_EVERY_MS = UPDATE_EVERY_MS;
/** Most joined report ids a cluster holds back between two signals. */
const MAX_PENDING = 200;
/**
 * A cell's reports, oldest first, as parallel arrays rather than an object per report: `txy` holds
 * (receivedAt, x, y) for each, a plain array of doubles that V8 stores unboxed (8 bytes a figure, not
 * a 16-byte heap number each as an object's fields), so a report in the window costs about 40 bytes
 * plus its id instead of about 150. The window holds every report of the last windowMinutes (up to
 * `cap` per cell), so this is most of the rule's memory under load.
 */
interface Cell {
  key: number;
  /** While hot: its cluster as last counted. */
  cached?: Cluster;
  ix: number;
  iy: number;
  category: string;
  ids: string[];
  grids: (GridPath | null)[];
  txy: number[];
}

const size = (cell: Cell) => cell.ids.length;
const tOf = (cell: Cell, i: number) => cell.txy[3 * i]!;
const xOf = (cell: Cell, i: number) => cell.txy[3 * i + 1]!;
const yOf = (cell: Cell, i: number) => cell.txy[3 * i + 2]!;

/** Drops the cell's first `n` reports. */
function dropFirst(cell: Cell, n: number): void {
  if (n <= 0) return;
  cell.ids.splice(0, n);
  cell.grids.splice(0, n);
  cell.txy.splice(0, 3 * n);
}

const M_PER_DEG = 111_320;

/**
 * Several reports at nearly the same place within a window: a possible major incident. Reports are
 * hashed into square cells one radius wide (per category when sameCategory), so a neighbourhood is
 * the 3×3 cells around one; only cells touched or hot since the last evaluation are looked at. A hot
 * cell already at red keeps its counted cluster until its oldest member leaves the window, taking
 * reports that land within the radius of its centre as further evidence (handed over in a new signal
 * at most every EVIDENCE_EVERY_MS, every report counted): in a storm an evaluation
 * costs a few lookups per new report, not a recount per neighbourhood.
 */
export interface RepeatState {
  config: RepeatConfig;
  cosLat: number;
  cells: Map<number, Cell>;
  dirty: Set<number>;
  hot: Set<number>;
  /** Reports observed since the last evaluation, with their cell's key (up to FRESH_CAP of them). */
  fresh: { key: number; entry: Entry }[];
  /** More than FRESH_CAP reports arrived between evaluations: hot cells are recounted instead. */
  overflow: boolean;
  /** Most reports a cell keeps: beyond red's count more changes nothing. */
  cap: number;
  sweptAt: number;
  /** Cell indices keys count from (set by the first report). */
  origin: { ix: number; iy: number };
}

const FRESH_CAP = 100_000;

export function createRepeatState(
  config: RepeatConfig,
  ref: { refLat: number; refLon: number },
): RepeatState {
  const cosLat = Math.cos((ref.refLat * Math.PI) / 180);
  const r = config.radiusMeters;
  return {
    config,
    cosLat,
    cells: new Map(),
    dirty: new Set(),
    hot: new Set(),
    fresh: [],
    overflow: false,
    // Cells are counted from half a span before the city's reference point, not from the first report:
    // a bogus first position (0,0, a typo) must not push the whole city into the edge cells.
    origin: {
      ix: Math.floor((ref.refLon * M_PER_DEG * cosLat) / r) - SPAN / 2,
      iy: Math.floor((ref.refLat * M_PER_DEG) / r) - SPAN / 2,
    },
    cap: Math.max(8, config.counts.red * 4),
    sweptAt: 0,
  };
}

const CATEGORY_INDEX = new Map(CATEGORIES.map((c, i) => [c.id, i + 1]));
const CATEGORY_NAMES = new Map(CATEGORIES.map((c) => [c.id, c.name]));
/** Cells per axis a key can tell apart around the origin (8,192: 1,229 km at 150 m). */
const SPAN = 2 ** 13;
/**
 * A numeric cell key (category, ix, iy) that stays a small integer (under 2^30): V8 hashes those
 * without allocating, so the hot path builds no strings and no heap numbers. Cells are counted from
 * an origin half a span before the city's reference point; null for a report further off than that
 * (hundreds of kilometres from the city: not a repeat of anything here).
 */
function keyOf(s: RepeatState, category: string, ix: number, iy: number): number | null {
  const dx = ix - s.origin.ix;
  const dy = iy - s.origin.iy;
  if (dx < 1 || dx > SPAN - 2 || dy < 1 || dy > SPAN - 2) return null;
  return ((CATEGORY_INDEX.get(category) ?? 0) * SPAN + dx) * SPAN + dy;
}

export function repeatObserve(s: RepeatState, events: readonly RepeatEvent[]): void {
  const r = s.config.radiusMeters;
  for (const e of events) {
    const x = e.lon * M_PER_DEG * s.cosLat;
    const y = e.lat * M_PER_DEG;
    const ix = Math.floor(x / r);
    const iy = Math.floor(y / r);
    const category = s.config.sameCategory ? e.category : '*';
    const key = keyOf(s, category, ix, iy);
    if (key === null) continue;
    let cell = s.cells.get(key);
    if (!cell) {
      cell = { key, ix, iy, category, ids: [], grids: [], txy: [] };
      s.cells.set(key, cell);
    }
    cell.ids.push(e.id);
    cell.grids.push(e.grid);
    cell.txy.push(e.receivedAt, x, y);
    if (size(cell) > s.cap) dropFirst(cell, 1);
    s.dirty.add(key);
    if (s.fresh.length < FRESH_CAP) s.fresh.push({ key, entry: { id: e.id, x, y } });
    else s.overflow = true;
  }
}

/** The keys of a cell's 3×3 neighbourhood (itself included), whether or not those cells exist. */
const AROUND = [-1, 0, 1].flatMap((dx) => [-1, 0, 1].map((dy) => dx * SPAN + dy));

/** Every cluster of reports that holds at `now`, one per neighbourhood (a hot, then the densest, cell wins). */
export function repeatEvaluate(s: RepeatState, now: number): Signal[] {
  const { config } = s;
  const window = config.windowMinutes * 60_000;
  const from = now - window;
  const enough = config.counts.red;
  const r2 = config.radiusMeters ** 2;
  // Neighbourhoods with a new report can have changed; nothing else can, but for expiring members.
  const touched = new Set<number>();
  for (const key of s.dirty) for (const d of AROUND) if (s.cells.has(key + d)) touched.add(key + d);

  // Hot cells at red whose cluster still holds take new reports near their centre as evidence.
  const holding = (cell: Cell | undefined): cell is Cell & { cached: Cluster } =>
    !!cell?.cached && cell.cached.size >= enough && cell.cached.until > now && !s.overflow;
  const joined = new Map<number, string[]>();
  for (const { key, entry } of s.fresh)
    for (const d of AROUND) {
      if (!s.hot.has(key + d)) continue;
      const cell = s.cells.get(key + d);
      if (!holding(cell)) continue;
      const c = cell.cached;
      if ((entry.x - c.cx) ** 2 + (entry.y - c.cy) ** 2 > r2) continue;
      const ids = joined.get(cell.key);
      if (ids) ids.push(entry.id);
      else joined.set(cell.key, [entry.id]);
    }

  // Hot cells first: a cell already alerting keeps its cluster while it holds (a stable key).
  const hot = new Map<number, Signal>();
  for (const key of s.hot) {
    const cell = s.cells.get(key);
    if (!cell) continue;
    const cached = cell.cached;
    if (cached && cached.until > now && (!touched.has(key) || holding(cell))) {
      for (const id of joined.get(key) ?? [])
        if (cached.pending.length < MAX_PENDING) cached.pending.push(id);
      if (cached.pending.length > 0 && now - cached.madeAt >= EVIDENCE_EVERY_MS) {
        const eventIds = [...cached.signal.eventIds.slice(-enough), ...cached.pending];
        cached.signal = { ...cached.signal, eventIds };
        cached.pending = [];
        cached.madeAt = now;
      }
      hot.set(key, cached.signal);
      continue;
    }
    const cluster = count(s, cell, from, r2, now);
    if (cluster) hot.set(key, cluster.signal);
  }

  // Then touched cells not yet alerting. One next to a hot cell loses to it, so it is not counted.
  const found = new Map<number, Cell>();
  for (const key of touched) {
    if (s.hot.has(key) || AROUND.some((d) => hot.has(key + d))) continue;
    const cell = s.cells.get(key)!;
    if (count(s, cell, from, r2, now)) found.set(key, cell);
  }
  for (const [key, cell] of found) {
    // The densest cell of a neighbourhood wins (ties: the lower key).
    const mine = size(cell);
    const beaten = AROUND.some((d) => {
      const n = d === 0 ? undefined : found.get(key + d);
      if (!n) return false;
      return size(n) > mine || (size(n) === mine && n.key < key);
    });
    if (beaten) cell.cached = undefined;
    else hot.set(key, cell.cached!.signal);
  }

  for (const key of touched) {
    const cell = s.cells.get(key);
    if (cell && size(cell) === 0) s.cells.delete(key);
  }
  if (now - s.sweptAt >= window) {
    // Cells nobody touched since their reports expired would otherwise stay forever.
    for (const [key, cell] of s.cells) if (!hot.has(key) && !hasFrom(cell, from)) s.cells.delete(key);
    s.sweptAt = now;
  }
  for (const key of s.hot)
    if (!hot.has(key)) {
      const cell = s.cells.get(key);
      if (cell) cell.cached = undefined;
    }
  s.dirty.clear();
  s.fresh = [];
  s.overflow = false;
  s.hot = new Set(hot.keys());
  return [...hot.values()];
}

/**
 * Counts the cluster around a cell's own reports (their centre, the radius around it, the 3×3 cells
 * around it), newest first and only up to red's count. Caches and returns it when it reaches blue.
 */
function count(s: RepeatState, cell: Cell, from: number, r2: number, now: number): Cluster | null {
  const { config } = s;
  const enough = config.counts.red;
  expire(cell, from);
  const n = size(cell);
  if (n === 0) {
    cell.cached = undefined;
    return null;
  }
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < n; i++) {
    cx += xOf(cell, i);
    cy += yOf(cell, i);
  }
  cx /= n;
  cy /= n;
  const ids: string[] = [];
  let oldest = now;
  for (const d of AROUND) {
    const other = d === 0 ? cell : s.cells.get(cell.key + d);
    if (!other) continue;
    for (let i = size(other) - 1; i >= 0 && ids.length < enough; i--) {
      const t = tOf(other, i);
      if (t >= from && (xOf(other, i) - cx) ** 2 + (yOf(other, i) - cy) ** 2 <= r2) {
        ids.push(other.ids[i]!);
        if (t < oldest) oldest = t;
      }
    }
    if (ids.length >= enough) break;
  }
  if (ids.length < config.counts.blue) {
    cell.cached = undefined;
    return null;
  }
  const level = levelFor(ids.length, config.counts)!;
  const label = ids.length >= enough ? `${enough}起以上` : `${ids.length}起`;
  const grid = cell.grids[0]!;
  const catName = CATEGORY_NAMES.get(cell.category) ?? '各类';
  const minutes = config.windowMinutes;
  const signal: Signal = {
    rule: 'repeat',
    key: `repeat:${cell.category}:${cell.ix}:${cell.iy}`,
    level,
    scope: scopeAt(grid, grid ? 'micro' : 'city'),
    title: `同一地点${catName}重复报告${label}`,
    description: `${minutes}分钟内约${config.radiusMeters}米范围内收到${label}${catName}报告，可能为重大事件，请核实`,
    lon: xOf(cell, 0) / (M_PER_DEG * s.cosLat),
    lat: yOf(cell, 0) / M_PER_DEG,
    eventIds: ids.reverse(),
    capCategory: capCategoryOf(cell.category),
    certainty: 'Possible',
  };
  cell.cached = {
    signal,
    until: oldest + minutes * 60_000,
    cx,
    cy,
    size: ids.length,
    madeAt: now,
    pending: [],
  };
  return cell.cached;
}

/** Whether the cell holds a report received at or after `from`. */
function hasFrom(cell: Cell, from: number): boolean {
  for (let i = 0; i < size(cell); i++) if (tOf(cell, i) >= from) return true;
  return false;
}

/** Drops the reports received before `from` (reports are kept in arrival order, not always in time order). */
function expire(cell: Cell, from: number): void {
  const n = size(cell);
  let keep = 0;
  for (let i = 0; i < n; i++) {
    if (tOf(cell, i) < from) continue;
    if (keep !== i) {
      cell.ids[keep] = cell.ids[i]!;
      cell.grids[keep] = cell.grids[i]!;
      cell.txy[3 * keep] = cell.txy[3 * i]!;
      cell.txy[3 * keep + 1] = cell.txy[3 * i + 1]!;
      cell.txy[3 * keep + 2] = cell.txy[3 * i + 2]!;
    }
    keep++;
  }
  if (keep === n) return;
  cell.ids.length = keep;
  cell.grids.length = keep;
  cell.txy.length = 3 * keep;
}
