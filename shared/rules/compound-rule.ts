import type { GridPath } from '../domain/grid';
import type { AlertMember, AlertScope } from '../schemas/alert';
import type { RulesConfig } from './rules-config';
import { type Signal, scopeAt } from './signal';

type CompoundConfig = RulesConfig['rules']['compound'];
type Pattern = CompoundConfig['patterns'][number];

/** An external warning in force (e.g. a rain warning from the weather bureau). */
export interface ExternalWarning {
  id: string;
  type: string;
  headline: string;
  /** Districts it covers; empty = the whole city. */
  districtIds: readonly string[];
  from: number;
  to: number;
}

/** A recent event the compound rule keeps, per community, for as long as the widest window. */
export interface CompoundEvent {
  id: string;
  category: string;
  subcategory: string;
  grid: GridPath | null;
  receivedAt: number;
}

export interface CompoundState {
  byCommunity: Map<string, { path: GridPath; events: CompoundEvent[] }>;
}

export function createCompoundState(): CompoundState {
  return { byCommunity: new Map() };
}

/** The widest pattern window (ms): older events can be no pattern's member. */
const widestWindow = (config: CompoundConfig) =>
  Math.max(0, ...config.patterns.map((p) => p.windowMinutes)) * 60_000;

/**
 * Keeps events any pattern could use (others are dropped at once), for as long as the widest window:
 * a community's events that left it are dropped as new ones arrive, so what is kept stays bounded even
 * while the rule is disabled and never evaluated (evaluation prunes too).
 */
export function compoundObserve(s: CompoundState, config: CompoundConfig, events: readonly CompoundEvent[]) {
  const wanted = config.patterns.flatMap((p) => p.members).filter((m) => m.source === 'events');
  if (wanted.length === 0) return;
  const widest = widestWindow(config);
  for (const e of events) {
    if (!e.grid) continue;
    if (!wanted.some((m) => m.category === e.category && (!m.subcategory || m.subcategory === e.subcategory)))
      continue;
    let c = s.byCommunity.get(e.grid.community);
    if (!c) {
      c = { path: e.grid, events: [] };
      s.byCommunity.set(e.grid.community, c);
    }
    // Only what the rule reads: the caller hands whole events (description, reporter…), kept 30 minutes.
    c.events.push({
      id: e.id,
      category: e.category,
      subcategory: e.subcategory,
      grid: e.grid,
      receivedAt: e.receivedAt,
    });
    if (c.events[0]!.receivedAt < e.receivedAt - widest)
      c.events = c.events.filter((x) => x.receivedAt >= e.receivedAt - widest);
  }
}

const covers = (scope: AlertScope, path: GridPath) =>
  scope.level === 'city' || scope.communityId === path.community || scope.gridId === path.district;

/**
 * Signals that coincide in place and time become one linked incident: for each pattern and each
 * community with evidence, the members found there within the window (events of a kind, signals of
 * another rule covering the community, external warnings in force) are listed; enough of them
 * together raise the compound alert.
 */
export function compoundEvaluate(
  s: CompoundState,
  config: CompoundConfig,
  signals: readonly Signal[],
  warnings: readonly ExternalWarning[],
  now: number,
  nameOf: (gridId: string) => string,
): Signal[] {
  const widest = widestWindow(config);
  const places = new Map<string, GridPath>();
  for (const [id, c] of s.byCommunity) {
    c.events = c.events.filter((e) => e.receivedAt >= now - widest);
    if (c.events.length === 0) s.byCommunity.delete(id);
    else places.set(id, c.path);
  }
  // Only signals of the rules a pattern names can be members: pick them out once, not per community.
  const rules = new Set(
    config.patterns.flatMap((p) => p.members.flatMap((m) => (m.source === 'signal' ? [m.rule] : []))),
  );
  const wanted = rules.size > 0 ? signals.filter((sig) => rules.has(sig.rule)) : [];
  const out: Signal[] = [];
  for (const [community, path] of places) {
    for (const pattern of config.patterns) {
      const members = matchMembers(
        pattern,
        s.byCommunity.get(community)?.events ?? [],
        path,
        wanted,
        warnings,
        now,
      );
      const found = new Set(members.map((m) => m.label)).size;
      if (found < (pattern.minMembers ?? pattern.members.length)) continue;
      const labels = [...new Set(members.map((m) => m.label))].join('、');
      out.push({
        rule: 'compound',
        key: `compound:${pattern.id}:${community}`,
        level: pattern.level,
        scope: scopeAt(path, 'community'),
        title: `${nameOf(community)}${pattern.name}`,
        description: `${pattern.windowMinutes}分钟内${nameOf(community)}同时出现：${labels}，已合并为一个关联事件（${members.length}项）`,
        lon: null,
        lat: null,
        eventIds: members.filter((m) => m.kind === 'event').map((m) => m.id),
        members: members.map(({ kind, id, label }) => ({ kind, id, label })),
        capCategory: 'Met',
        certainty: 'Likely',
      });
    }
  }
  return out;
}

function matchMembers(
  pattern: Pattern,
  events: readonly CompoundEvent[],
  path: GridPath,
  signals: readonly Signal[],
  warnings: readonly ExternalWarning[],
  now: number,
): AlertMember[] {
  const from = now - pattern.windowMinutes * 60_000;
  const out: AlertMember[] = [];
  for (const m of pattern.members) {
    if (m.source === 'events') {
      const hits = events.filter(
        (e) =>
          e.receivedAt >= from &&
          e.category === m.category &&
          (!m.subcategory || m.subcategory === e.subcategory),
      );
      if (hits.length >= m.min) for (const e of hits) out.push({ kind: 'event', id: e.id, label: m.label });
    } else if (m.source === 'signal') {
      for (const sig of signals)
        if (sig.rule === m.rule && covers(sig.scope, path))
          out.push({ kind: 'alert', id: sig.key, label: m.label });
    } else {
      for (const w of warnings)
        if (
          w.type === m.type &&
          w.from <= now &&
          w.to >= from &&
          (w.districtIds.length === 0 || w.districtIds.includes(path.district))
        )
          out.push({ kind: 'warning', id: w.id, label: m.label });
    }
  }
  return out;
}
