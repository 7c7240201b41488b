import { CATEGORIES } from '../domain/categories';
import type { GridPath } from '../domain/grid';
import { levelFor } from './alert-level';
import type { RulesConfig } from './rules-config';
import { capCategoryOf, hourOfWeek, type Signal, scopeAt } from './signal';

type SurgeLevel = 'micro' | 'full' | 'community' | 'district';
type SurgeConfig = RulesConfig['rules']['surge'];
/** What the surge rule reads of an event. */
export interface SurgeEvent {
  id: string;
  category: string;
  grid: GridPath | null;
  receivedAt: number;
}

const HOUR = 3_600_000;
const CATEGORY_NAMES = CATEGORIES.map((c) => c.name);
const RECENT_IDS = 20;
const MAX_GAP_HOURS = 168 * 4;

/**
 * Sliding-window counts per (grid, category) against the grid's own hour-of-week baseline. Counts
 * live in typed arrays (a ring of buckets per cell) so that 5,000 events a second over every
 * micro-grid × category cost a few array writes each; only touched or hot cells are evaluated.
 */
export interface SurgeState {
  config: SurgeConfig;
  utcOffsetMinutes: number;
  levels: SurgeLevel[];
  rows: Map<string, number>[];
  gridIds: string[];
  rowLevel: SurgeLevel[];
  /** A grid path seen in each row, for the scope's district and community. */
  rowPath: (GridPath | null)[];
  categories: string[];
  catIndex: Map<string, number>;
  bucketMs: number;
  slots: number;
  buckets: Uint16Array;
  bucketOf: Int32Array;
  windowSum: Uint32Array;
  /** EWMA of events per hour, per cell and hour of week. */
  baseline: Float32Array;
  hourOf: Int32Array;
  hourCount: Uint16Array;
  recent: Map<number, string[]>;
  dirty: Set<number>;
  hot: Set<number>;
  /**
   * Each hot cell's last signal with the figures it was built from: a cell with no new report whose
   * figures are unchanged hands back the very same object, which the reducer passes over at once.
   */
  said: Map<number, { signal: Signal; count: number; expected: number }>;
}

/** A fresh state over the grids of each configured level (ids in a fixed order). */
export function createSurgeState(
  config: SurgeConfig,
  utcOffsetMinutes: number,
  gridsByLevel: Partial<Record<SurgeLevel, readonly string[]>>,
): SurgeState {
  const levels = config.levels.filter((l) => gridsByLevel[l]?.length) as SurgeLevel[];
  const gridIds: string[] = [];
  const rowLevel: SurgeLevel[] = [];
  const rows = levels.map((level) => {
    const m = new Map<string, number>();
    for (const id of gridsByLevel[level]!) {
      m.set(id, gridIds.length);
      gridIds.push(id);
      rowLevel.push(level);
    }
    return m;
  });
  const categories = CATEGORIES.map((c) => c.id);
  const cells = gridIds.length * categories.length;
  const slots = config.windowMinutes / config.bucketMinutes;
  return {
    config,
    utcOffsetMinutes,
    levels,
    rows,
    gridIds,
    rowLevel,
    rowPath: gridIds.map(() => null),
    categories,
    catIndex: new Map(categories.map((c, i) => [c, i])),
    bucketMs: config.bucketMinutes * 60_000,
    slots,
    buckets: new Uint16Array(cells * slots),
    bucketOf: new Int32Array(cells).fill(-1),
    windowSum: new Uint32Array(cells),
    baseline: new Float32Array(cells * 168),
    hourOf: new Int32Array(cells).fill(-1),
    hourCount: new Uint16Array(cells),
    recent: new Map(),
    dirty: new Set(),
    hot: new Set(),
    said: new Map(),
  };
}

/** Moves a cell's ring forward to `bucket`, dropping counts that left the window. */
function advance(s: SurgeState, cell: number, bucket: number): void {
  const last = s.bucketOf[cell]!;
  if (bucket <= last) return;
  const base = cell * s.slots;
  const steps = last < 0 ? s.slots : Math.min(s.slots, bucket - last);
  for (let i = 1; i <= steps; i++) {
    const slot = base + ((last + i) % s.slots);
    s.windowSum[cell]! -= s.buckets[slot]!;
    s.buckets[slot] = 0;
  }
  s.bucketOf[cell] = bucket;
}

/** Folds finished hours into the cell's baseline: the hour's count, then a zero for each silent hour. */
function rollHour(s: SurgeState, cell: number, hour: number): void {
  const last = s.hourOf[cell]!;
  if (hour <= last) return;
  const a = s.config.alpha;
  if (last >= 0) {
    const b = cell * 168;
    const slot = (h: number) => b + hourOfWeek(h * HOUR, s.utcOffsetMinutes);
    s.baseline[slot(last)] = a * s.hourCount[cell]! + (1 - a) * s.baseline[slot(last)]!;
    for (let h = last + 1; h < hour && h <= last + MAX_GAP_HOURS; h++) s.baseline[slot(h)]! *= 1 - a;
  }
  s.hourOf[cell] = hour;
  s.hourCount[cell] = 0;
}

/** Counts one event in one cell at time `t`. */
export function surgeAdd(s: SurgeState, cell: number, id: string, t: number): void {
  const bucket = Math.floor(t / s.bucketMs);
  advance(s, cell, bucket);
  const last = s.bucketOf[cell]!;
  if (bucket <= last - s.slots) return; // older than the window: too late to count
  s.buckets[cell * s.slots + (bucket % s.slots)]! += 1;
  s.windowSum[cell]! += 1;
  rollHour(s, cell, Math.floor((t + s.utcOffsetMinutes * 60_000) / HOUR));
  s.hourCount[cell]! += 1;
  let ids = s.recent.get(cell);
  if (!ids) {
    ids = [];
    s.recent.set(cell, ids);
  }
  ids.push(id);
  if (ids.length > RECENT_IDS) ids.shift();
  s.dirty.add(cell);
}

/** Counts newly received events. */
export function surgeObserve(s: SurgeState, events: readonly SurgeEvent[]): void {
  const nCat = s.categories.length;
  for (const e of events) {
    const c = s.catIndex.get(e.category);
    if (c === undefined || !e.grid) continue;
    for (let i = 0; i < s.levels.length; i++) {
      const row = s.rows[i]!.get(e.grid[s.levels[i]!]);
      if (row === undefined) continue;
      s.rowPath[row] ??= e.grid;
      surgeAdd(s, row * nCat + c, e.id, e.receivedAt);
    }
  }
}

/** Every surge that holds at `now`: touched and hot cells only (others cannot have crossed). */
export function surgeEvaluate(s: SurgeState, now: number, nameOf: (gridId: string) => string): Signal[] {
  const nCat = s.categories.length;
  const bucket = Math.floor(now / s.bucketMs);
  const how = hourOfWeek(now, s.utcOffsetMinutes);
  const hours = s.config.windowMinutes / 60;
  const signals: Signal[] = [];
  const hot = new Set<number>();
  const cells = new Set(s.dirty);
  for (const cell of s.hot) cells.add(cell);
  for (const cell of cells) {
    advance(s, cell, bucket);
    const count = s.windowSum[cell]!;
    const row = Math.floor(cell / nCat);
    const level = s.rowLevel[row]!;
    if (count < (s.config.minCount[level] ?? Number.POSITIVE_INFINITY)) continue;
    const expected = Math.max(s.baseline[cell * 168 + how]!, s.config.floorPerHour) * hours;
    const alertLevel = levelFor(count / expected, s.config.ratios);
    if (!alertLevel) continue;
    hot.add(cell);
    const said = s.said.get(cell);
    if (
      said &&
      !s.dirty.has(cell) &&
      said.count === count &&
      said.expected === expected &&
      said.signal.level === alertLevel
    ) {
      signals.push(said.signal);
      continue;
    }
    const gridId = s.gridIds[row]!;
    const category = s.categories[cell % nCat]!;
    const catName = CATEGORY_NAMES[cell % nCat] ?? category;
    const signal: Signal = {
      rule: 'surge',
      key: `surge:${gridId}:${category}`,
      level: alertLevel,
      scope: { ...scopeAt(s.rowPath[row] ?? null, level), gridId },
      title: `${nameOf(gridId)}${catName}事件激增`,
      description: `${s.config.windowMinutes}分钟内${catName}事件${count}起，约为该时段常态（${expected.toFixed(1)}起）的${(count / expected).toFixed(1)}倍`,
      lon: null,
      lat: null,
      eventIds: [...(s.recent.get(cell) ?? [])],
      capCategory: capCategoryOf(category),
      certainty: 'Likely',
    };
    s.said.set(cell, { signal, count, expected });
    signals.push(signal);
  }
  for (const cell of s.said.keys()) if (!hot.has(cell)) s.said.delete(cell);
  s.dirty.clear();
  s.hot = hot;
  return signals;
}
