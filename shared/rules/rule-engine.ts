import { isFinalStatus } from '../domain/event-status';
import { RULE_IDS, type RuleId } from '../schemas/alert';
import type { GridEvent } from '../schemas/event';
import type { AlertBook, AlertUpdate } from './alert-book';
import { reduceSignals } from './alert-reducer';
import {
  type CompoundState,
  compoundEvaluate,
  compoundObserve,
  createCompoundState,
  type ExternalWarning,
} from './compound-rule';
import { type KeyAreaInfo, type KeyAreaReadings, keyAreaEvaluate } from './key-area-rule';
import { keyPersonEvaluate } from './key-person-rule';
import { createRepeatState, type RepeatState, repeatEvaluate, repeatObserve } from './repeat-rule';
import type { RulesConfig } from './rules-config';
import type { Signal } from './signal';
import { slaEvaluate } from './sla-rule';
import { createSurgeState, type SurgeState, surgeEvaluate, surgeObserve } from './surge-rule';
import { type TpiClock, type TrafficGeo, type TrafficSignals, trafficEvaluate } from './traffic-rule';

/** The city as the rules see it. */
export interface RuleGeo {
  gridsByLevel: Record<'micro' | 'full' | 'community' | 'district', readonly string[]>;
  nameOf(gridId: string): string;
  /** A point near the city's centre: metre-sized spatial cells are scaled and counted from it. */
  refLat: number;
  refLon: number;
  keyAreas: ReadonlyMap<string, KeyAreaInfo>;
  traffic: TrafficGeo;
}

/**
 * Every rule's state plus the open events the time-based rules read. Mutated in place by observe and
 * evaluate (for speed); nothing here reads a clock or does I/O.
 */
export interface RuleEngineState {
  config: RulesConfig;
  geo: RuleGeo;
  surge: SurgeState;
  repeat: RepeatState;
  compound: CompoundState;
  tpiClock: TpiClock;
  readings: KeyAreaReadings;
  /** Events dispatched or in handling: the SLA rule's input. */
  running: Map<string, GridEvent>;
  /** Open events with a key person. */
  keyPersons: Map<string, GridEvent>;
  traffic: TrafficSignals | null;
  warnings: ExternalWarning[];
}

export function createRuleEngine(config: RulesConfig, geo: RuleGeo): RuleEngineState {
  return {
    config,
    geo,
    surge: createSurgeState(config.rules.surge, config.utcOffsetMinutes, geo.gridsByLevel),
    repeat: createRepeatState(config.rules.repeat, geo),
    compound: createCompoundState(),
    tpiClock: new Map(),
    readings: new Map(),
    running: new Map(),
    keyPersons: new Map(),
    traffic: null,
    warnings: [],
  };
}

/**
 * Swaps in a new config. Thresholds apply at once; a change to the surge window, buckets or levels
 * (or the repeat radius) rebuilds that rule's state; the answer says which, to warm-start again.
 */
export function reconfigure(
  state: RuleEngineState,
  config: RulesConfig,
): { surge: boolean; repeat: boolean } {
  const a = state.config.rules;
  const b = config.rules;
  const surgeSame =
    a.surge.windowMinutes === b.surge.windowMinutes &&
    a.surge.bucketMinutes === b.surge.bucketMinutes &&
    a.surge.levels.join() === b.surge.levels.join() &&
    state.config.utcOffsetMinutes === config.utcOffsetMinutes;
  const repeatSame =
    a.repeat.radiusMeters === b.repeat.radiusMeters && a.repeat.sameCategory === b.repeat.sameCategory;
  state.config = config;
  if (surgeSame) state.surge.config = b.surge;
  else state.surge = createSurgeState(b.surge, config.utcOffsetMinutes, state.geo.gridsByLevel);
  if (repeatSame) state.repeat.config = b.repeat;
  else state.repeat = createRepeatState(b.repeat, state.geo);
  return { surge: !surgeSame, repeat: !repeatSame };
}

/** Feeds committed event states: new reports to the counting rules, every state to the open indexes. */
export function observeEvents(state: RuleEngineState, events: readonly GridEvent[]): void {
  const fresh = events.filter((e) => e.version === 1);
  if (fresh.length > 0) {
    surgeObserve(state.surge, fresh);
    repeatObserve(state.repeat, fresh);
    compoundObserve(state.compound, state.config.rules.compound, fresh);
  }
  for (const e of events) {
    if (e.status === 'dispatched' || e.status === 'handling') state.running.set(e.id, e);
    else state.running.delete(e.id);
    if (e.keyPerson && !isFinalStatus(e.status)) state.keyPersons.set(e.id, e);
    else state.keyPersons.delete(e.id);
  }
}

export interface Evaluation {
  updates: AlertUpdate[];
  signals: Signal[];
  /** Milliseconds each rule took (the reducer under `alerts`). */
  timings: Partial<Record<RuleId | 'alerts', number>>;
}

/** Runs every enabled rule at `now` and folds their signals into the book. */
export function evaluateRules(
  state: RuleEngineState,
  book: AlertBook,
  now: number,
  newId: () => string,
  clock: () => number = () => performance.now(),
): Evaluation {
  const { config, geo } = state;
  const rules = config.rules;
  const timings: Evaluation['timings'] = {};
  const signals: Signal[] = [];
  const activeKeys = new Set(book.active.keys());
  const run = (rule: RuleId, f: () => Signal[]) => {
    const started = clock();
    // A loop, not push(...): a storm's tens of thousands of signals would overflow the call stack.
    if (rules[rule].enabled) for (const signal of f()) signals.push(signal);
    timings[rule] = clock() - started;
  };
  run('surge', () => surgeEvaluate(state.surge, now, geo.nameOf));
  run('repeat', () => repeatEvaluate(state.repeat, now));
  run('key-area', () => keyAreaEvaluate(geo.keyAreas, state.readings, activeKeys, now, rules['key-area']));
  run('sla', () => slaEvaluate(state.running.values(), now, rules.sla));
  run('traffic', () => trafficEvaluate(state.tpiClock, state.traffic, geo.traffic, now, rules.traffic));
  run('key-person', () => keyPersonEvaluate(state.keyPersons.values(), rules['key-person']));
  const base = [...signals];
  run('compound', () =>
    compoundEvaluate(state.compound, rules.compound, base, state.warnings, now, geo.nameOf),
  );
  const started = clock();
  // A disabled rule counts as evaluated with nothing holding, so its alerts resolve rather than linger.
  const updates = reduceSignals(book, signals, new Set(RULE_IDS), { now, config, newId });
  timings.alerts = clock() - started;
  return { updates, signals, timings };
}
