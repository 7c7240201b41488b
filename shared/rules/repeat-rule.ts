import { CATEGORIES } from '../domain/categories';
import type { GridPath } from '../domain/grid';
import { levelFor } from './alert-level';
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
interface Entry {
  id: string;
  t: number;
  x: number;
  y: number;
  grid: GridPath | null;
}
interface Cell {
  key: number;
  /** While hot: its signal, valid until its oldest member leaves the window or a report lands near. */
  cached?: { signal: Signal; until: number };
  ix: number;
  iy: number;
  category: string;
  entries: Entry[];
}

const M_PER_DEG = 111_320;

/**
 * Several reports at nearly the same place within a window: a possible major incident. Reports are
 * hashed into square cells one radius wide (per category when sameCategory), so a neighbourhood is
 * the 3×3 cells around one; only cells touched or hot since the last evaluation are looked at.
 */
export interface RepeatState {
  config: RepeatConfig;
  cosLat: number;
  cells: Map<number, Cell>;
  dirty: Set<number>;
  hot: Set<number>;
  /** Most reports a cell keeps: beyond red's count more changes nothing. */
  cap: number;
  sweptAt: number;
}

export function createRepeatState(config: RepeatConfig, refLat: number): RepeatState {
  return {
    config,
    cosLat: Math.cos((refLat * Math.PI) / 180),
    cells: new Map(),
    dirty: new Set(),
    hot: new Set(),
    cap: Math.max(8, config.counts.red * 4),
    sweptAt: 0,
  };
}

const CATEGORY_INDEX = new Map(CATEGORIES.map((c, i) => [c.id, i + 1]));
const CATEGORY_NAMES = new Map(CATEGORIES.map((c) => [c.id, c.name]));
const SHIFT = 2 ** 21;
const OFFSET = 2 ** 20;
/** A numeric cell key (category, ix, iy): number keys keep the hot path free of string building. */
const keyOf = (category: string, ix: number, iy: number) =>
  ((CATEGORY_INDEX.get(category) ?? 0) * SHIFT + ix + OFFSET) * SHIFT + iy + OFFSET;

export function repeatObserve(s: RepeatState, events: readonly RepeatEvent[]): void {
  const r = s.config.radiusMeters;
  for (const e of events) {
    const x = e.lon * M_PER_DEG * s.cosLat;
    const y = e.lat * M_PER_DEG;
    const ix = Math.floor(x / r);
    const iy = Math.floor(y / r);
    const category = s.config.sameCategory ? e.category : '*';
    const key = keyOf(category, ix, iy);
    let cell = s.cells.get(key);
    if (!cell) {
      cell = { key, ix, iy, category, entries: [] };
      s.cells.set(key, cell);
    }
    cell.entries.push({ id: e.id, t: e.receivedAt, x, y, grid: e.grid });
    if (cell.entries.length > s.cap) cell.entries.shift();
    s.dirty.add(key);
  }
}

function neighbours(s: RepeatState, cell: Cell): Cell[] {
  const out: Cell[] = [];
  for (let dx = -1; dx <= 1; dx++)
    for (let dy = -1; dy <= 1; dy++) {
      const n = dx === 0 && dy === 0 ? cell : s.cells.get(cell.key + (dx * SHIFT + dy));
      if (n) out.push(n);
    }
  return out;
}

/** Every cluster of reports that holds at `now`, one per neighbourhood (the densest cell wins). */
export function repeatEvaluate(s: RepeatState, now: number): Signal[] {
  const from = now - s.config.windowMinutes * 60_000;
  // Only neighbourhoods with a new report, and hot cells whose oldest member expired, can have changed.
  const visit = new Set<number>();
  for (const key of s.dirty) {
    const cell = s.cells.get(key);
    if (cell) for (const n of neighbours(s, cell)) visit.add(n.key);
  }
  const signals: Signal[] = [];
  const hot = new Set<number>();
  const cachedHot = (key: number) => !visit.has(key) && hot.has(key);
  for (const key of s.hot) {
    const cached = s.cells.get(key)?.cached;
    if (!cached || cached.until <= now) visit.add(key);
    else if (!visit.has(key)) {
      hot.add(key);
      signals.push(cached.signal);
    }
  }
  // Counting past red changes nothing: a dense neighbourhood stops early, so a storm stays cheap.
  const enough = s.config.counts.red;
  const found = new Map<number, { cell: Cell; members: Entry[] }>();
  for (const key of visit) {
    const cell = s.cells.get(key)!;
    cell.entries = cell.entries.filter((e) => e.t >= from);
    if (cell.entries.length === 0) continue;
    const cx = cell.entries.reduce((a, e) => a + e.x, 0) / cell.entries.length;
    const cy = cell.entries.reduce((a, e) => a + e.y, 0) / cell.entries.length;
    const r2 = s.config.radiusMeters ** 2;
    const members: Entry[] = [];
    for (const n of neighbours(s, cell)) {
      for (const e of n.entries) {
        if (e.t >= from && (e.x - cx) ** 2 + (e.y - cy) ** 2 <= r2) members.push(e);
        if (members.length >= enough) break;
      }
      if (members.length >= enough) break;
    }
    if (members.length >= s.config.counts.blue) found.set(key, { cell, members });
  }
  for (const [key, { cell, members }] of found) {
    // A cell already alerting keeps its cluster (a stable key), then the densest cell wins.
    const rank = (c: Cell) => (s.hot.has(c.key) ? 1e6 : 0) + c.entries.length;
    const mine = rank(cell);
    const beaten = neighbours(s, cell).some((n) => {
      if (n.key === key || !(found.has(n.key) || cachedHot(n.key))) return false;
      const theirs = rank(n);
      return theirs > mine || (theirs === mine && n.key < key);
    });
    if (beaten) continue;
    hot.add(key);
    const level = levelFor(members.length, s.config.counts)!;
    const count = members.length >= enough ? `${enough}起以上` : `${members.length}起`;
    const first = cell.entries[0]!;
    const catName = CATEGORY_NAMES.get(cell.category) ?? '各类';
    const minutes = s.config.windowMinutes;
    const oldest = members.reduce((t, m) => Math.min(t, m.t), now);
    const signal: Signal = {
      rule: 'repeat',
      key: `repeat:${cell.category}:${cell.ix}:${cell.iy}`,
      level,
      scope: scopeAt(first.grid, first.grid ? 'micro' : 'city'),
      title: `同一地点${catName}重复报告${count}`,
      description: `${minutes}分钟内约${s.config.radiusMeters}米范围内收到${count}${catName}报告，可能为重大事件，请核实`,
      lon: first.x / (M_PER_DEG * s.cosLat),
      lat: first.y / M_PER_DEG,
      eventIds: members.map((m) => m.id),
      capCategory: capCategoryOf(cell.category),
      certainty: 'Possible',
    };
    cell.cached = { signal, until: oldest + minutes * 60_000 };
    signals.push(signal);
  }
  for (const key of visit) if (s.cells.get(key)?.entries.length === 0) s.cells.delete(key);
  if (now - s.sweptAt >= s.config.windowMinutes * 60_000) {
    // Cells nobody touched since their reports expired would otherwise stay forever.
    for (const [key, cell] of s.cells) if (!cell.entries.some((e) => e.t >= from)) s.cells.delete(key);
    s.sweptAt = now;
  }
  s.dirty.clear();
  s.hot = hot;
  return signals;
}
