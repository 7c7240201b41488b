import type { Alert, AlertAction, AlertScope, AlertStatus, RuleId } from '../schemas/alert';
import type { AlertBook, AlertUpdate } from './alert-book';
import { fileAlert } from './alert-book';
import { LEVEL_NAMES, levelRank, levelUp } from './alert-level';
import { policyOf, type RulesConfig, type Suppression } from './rules-config';
import type { Signal } from './signal';

/** Most event ids an alert keeps unless its policy says otherwise (`evidenceIds`; the count keeps counting past it). */
export const MAX_EVENT_IDS = 200;
/** Count-only changes of one alert are broadcast at most this often. */
export const UPDATE_EVERY_MS = 10_000;
/**
 * What the reducer keeps beside each live alert (per book, by key), so a storm of unchanged signals
 * costs a lookup each instead of a rescan of their evidence:
 * - `taken`: the signal object `takenBy` (an alert object) last took in; rules hand back the very same
 *   object while nothing about a condition changed (the repeat rule's cache);
 * - `unsent`: the alert object holding a count change not yet broadcast (see UPDATE_EVERY_MS).
 */
interface Memo {
  id: string;
  taken: Signal | null;
  takenBy: Alert | null;
  unsent: Alert | null;
}
/** Per book: the memos by key, and the keys whose alert holds an unsent change. */
const MEMOS = new WeakMap<AlertBook, { memos: Map<string, Memo>; unsent: Set<string> }>();
const MINUTE = 60_000;

export interface ReduceContext {
  now: number;
  config: RulesConfig;
  /** A fresh alert id. */
  newId: () => string;
}

/**
 * Folds one evaluation's signals into the book and says what changed. Pure apart from updating the
 * book it is given; time is `ctx.now`.
 *
 * - dedupe: one live alert per key (rule + scope), counting new evidence and stamping last-seen (in
 *   memory, at most every UPDATE_EVERY_MS); count-only changes go out at most every UPDATE_EVERY_MS;
 * - escalation: a signal above the alert's level raises it at once; levels never fall while live;
 * - hysteresis: an alert whose rule was evaluated without its key resolves only after clearMinutes;
 * - suppression: nothing new for a key within suppressMinutes of its last resolution, nor inside a
 *   configured suppression window;
 * - re-escalation: a raised alert nobody acknowledged climbs a level every reescalateMinutes;
 * - closing: a resolved alert closes after closeAfterMinutes.
 */
export function reduceSignals(
  book: AlertBook,
  signals: readonly Signal[],
  evaluated: ReadonlySet<RuleId>,
  ctx: ReduceContext,
): AlertUpdate[] {
  const { now, config } = ctx;
  const policies = new Map<RuleId, ReturnType<typeof policyOf>>();
  const policy = (rule: RuleId) => {
    let p = policies.get(rule);
    if (!p) {
      p = policyOf(config, rule);
      policies.set(rule, p);
    }
    return p;
  };
  const evidenceCap = (rule: RuleId) => policy(rule).evidenceIds ?? MAX_EVENT_IDS;
  const updates: AlertUpdate[] = [];
  const emit = (alert: Alert, action: AlertAction | null, from: AlertStatus | null, note = '') => {
    const memo = memos.get(alert.key);
    if (memo?.id === alert.id) {
      if (alert.status === 'resolved' || alert.status === 'closed') memos.delete(alert.key);
      else if (memo.unsent === alert) memo.unsent = null;
    }
    fileAlert(book, alert);
    updates.push({
      alert,
      transition: action && {
        alertId: alert.id,
        action,
        from,
        to: alert.status,
        level: alert.level,
        actor: 'rules',
        note,
        at: now,
      },
    });
  };
  const kept = MEMOS.get(book) ?? { memos: new Map<string, Memo>(), unsent: new Set<string>() };
  MEMOS.set(book, kept);
  const { memos, unsent } = kept;
  if (memos.size > 2 * book.active.size + 1024) {
    // Alerts resolved or closed outside the reducer (an officer's command) leave memos behind.
    for (const [key, memo] of memos) if (book.active.get(key)?.id !== memo.id) memos.delete(key);
  }
  const memoOf = (alert: Alert): Memo => {
    let memo = memos.get(alert.key);
    if (!memo || memo.id !== alert.id) {
      memo = { id: alert.id, taken: null, takenBy: null, unsent: null };
      memos.set(alert.key, memo);
    }
    return memo;
  };
  /** A new state of the same alert keeps what the memo says about the old one. */
  const carry = (from: Alert, to: Alert) => {
    const memo = memos.get(from.key);
    if (memo?.id !== from.id) return;
    if (memo.takenBy === from) memo.takenBy = to;
    if (memo.unsent === from) memo.unsent = to;
  };
  const seen = new Map<string, Signal>();
  for (const s of signals) {
    const prev = seen.get(s.key);
    if (!prev || levelRank(s.level) > levelRank(prev.level)) seen.set(s.key, s);
  }

  for (const signal of seen.values()) {
    const current = book.active.get(signal.key);
    if (!current) {
      const lastResolved = book.resolvedAt.get(signal.key);
      if (lastResolved !== undefined && now - lastResolved < policy(signal.rule).suppressMinutes * MINUTE)
        continue;
      if (muted(config.suppressions, signal, now)) continue;
      const raised = raise(signal, ctx.newId(), now, evidenceCap(signal.rule));
      const memo = memoOf(raised);
      memo.taken = signal;
      memo.takenBy = raised;
      emit(raised, 'raise', null, signal.description);
      continue;
    }
    const memo = memoOf(current);
    if (current.clearSince === null && memo.takenBy === current && memo.taken === signal) {
      // The very signal this alert already took in: nothing is new but last-seen, which is not worth a
      // broadcast; it is kept in memory (to the UPDATE_EVERY_MS: only the risk score's decay over hours
      // reads it) and stored with the next change.
      if (now - current.lastSeenAt >= UPDATE_EVERY_MS) {
        const next = { ...current, lastSeenAt: now };
        carry(current, next);
        book.active.set(signal.key, next);
      }
      continue;
    }
    const fresh = freshIds(signal.eventIds, current.eventIds);
    const returned = current.clearSince !== null;
    const rises = levelRank(signal.level) > levelRank(current.level);
    const changed = fresh.length > 0 || returned || rises || signal.description !== current.description;
    if (!changed) {
      // Last-seen alone, as above.
      let next = current;
      if (now - current.lastSeenAt >= UPDATE_EVERY_MS) {
        next = { ...current, lastSeenAt: now };
        carry(current, next);
        book.active.set(signal.key, next);
      }
      memo.taken = signal;
      memo.takenBy = next;
      continue;
    }
    // A busy alert's new count waits in memory: one broadcast per UPDATE_EVERY_MS, not per report.
    const held = !rises && !returned && now - current.updatedAt < UPDATE_EVERY_MS;
    const next: Alert = {
      ...current,
      level: rises ? signal.level : current.level,
      levelSince: rises ? now : current.levelSince,
      title: signal.title,
      description: signal.description,
      scope: signal.scope,
      lon: signal.lon,
      lat: signal.lat,
      members: signal.members ? [...signal.members] : current.members,
      count: current.count + fresh.length + (returned ? 1 : 0),
      eventIds: keepLast(current.eventIds, fresh, evidenceCap(current.rule)),
      lastSeenAt: now,
      clearSince: null,
      updatedAt: held ? current.updatedAt : now,
      version: held ? current.version : current.version + 1,
    };
    memo.taken = signal;
    memo.takenBy = next;
    if (rises) emit(next, 'escalate', current.status, `条件升至${LEVEL_NAMES[signal.level]}`);
    else if (!held) emit(next, null, null);
    else {
      memo.unsent = next;
      unsent.add(signal.key);
      book.active.set(signal.key, next);
    }
  }

  // A held count goes out once its time comes even when no further report arrives.
  for (const key of unsent) {
    const alert = book.active.get(key);
    if (!alert || memos.get(key)?.unsent !== alert) unsent.delete(key);
    else if (now - alert.updatedAt >= UPDATE_EVERY_MS) {
      const next = bump({ ...alert, updatedAt: now });
      carry(alert, next);
      unsent.delete(key);
      emit(next, null, null);
    }
  }

  // Maps may be changed while iterated: a key set again is not visited twice, a deleted one not at all.
  for (const alert of book.active.values()) {
    if (!evaluated.has(alert.rule) || seen.has(alert.key)) continue;
    const clearSince = alert.clearSince ?? now;
    if (now - clearSince >= policy(alert.rule).clearMinutes * MINUTE) {
      const resolved = { ...alert, status: 'resolved' as const, resolvedAt: now, clearSince, updatedAt: now };
      emit(bump(resolved), 'resolve', alert.status, '条件已解除，自动解除预警');
    } else if (alert.clearSince === null) {
      const clearing = bump({ ...alert, clearSince, updatedAt: now });
      carry(alert, clearing);
      emit(clearing, null, null);
    }
  }

  for (const alert of book.active.values()) {
    if (alert.status !== 'raised' || alert.level === 'red') continue;
    const minutes = policy(alert.rule).reescalateMinutes;
    if (minutes <= 0) continue;
    if (now - alert.levelSince < minutes * MINUTE) continue;
    const level = levelUp(alert.level);
    const next = bump({ ...alert, level, levelSince: now, updatedAt: now });
    carry(alert, next);
    emit(next, 'escalate', 'raised', `超过${minutes}分钟未确认，升级为${LEVEL_NAMES[level]}预警`);
  }

  for (const alert of book.resolved.values()) {
    const minutes = policy(alert.rule).closeAfterMinutes;
    if (now - (alert.resolvedAt ?? alert.updatedAt) < minutes * MINUTE) continue;
    emit(bump({ ...alert, status: 'closed', closedAt: now, updatedAt: now }), 'close', 'resolved');
  }

  // The suppression clock only matters for suppressMinutes; forget older entries so the map stays small.
  for (const [key, at] of book.resolvedAt) {
    const rule = key.slice(0, key.indexOf(':')) as RuleId;
    const minutes = config.rules[rule] ? policy(rule).suppressMinutes : 0;
    if (now - at >= minutes * MINUTE && !book.active.has(key)) book.resolvedAt.delete(key);
  }
  return updates;
}

/**
 * The signal's ids the alert does not hold yet, each once. Looked up in the alert's own ids (at most its
 * evidence cap, newest last, so an id seen before is found near the end): a Set per alert beside them
 * cost 2.6 KB per alert once its ids had turned over (deleted entries keep a Set's table large), 11 MB
 * for the soak benchmark's 4,200 live alerts, filling for the first half hour.
 */
function freshIds(signalIds: readonly string[], held: readonly string[]): string[] {
  const fresh: string[] = [];
  for (const id of signalIds) if (held.lastIndexOf(id) < 0 && !fresh.includes(id)) fresh.push(id);
  return fresh;
}

/** The alert's ids with `fresh` appended, the last `cap` of them. */
function keepLast(ids: readonly string[], fresh: readonly string[], cap: number): string[] {
  const all = [...ids, ...fresh];
  const drop = all.length - cap;
  return drop > 0 ? all.slice(drop) : all;
}

function bump(alert: Alert): Alert {
  return { ...alert, version: alert.version + 1 };
}

function raise(signal: Signal, id: string, now: number, cap: number): Alert {
  return {
    id,
    rule: signal.rule,
    key: signal.key,
    level: signal.level,
    status: 'raised',
    title: signal.title,
    description: signal.description,
    scope: signal.scope,
    lon: signal.lon,
    lat: signal.lat,
    capCategory: signal.capCategory,
    certainty: signal.certainty,
    keyPerson: signal.keyPerson ?? false,
    count: Math.max(1, signal.eventIds.length),
    eventIds: signal.eventIds.slice(-cap),
    members: signal.members ? [...signal.members] : [],
    firstSeenAt: now,
    lastSeenAt: now,
    clearSince: null,
    levelSince: now,
    acknowledgedBy: null,
    acknowledgedAt: null,
    assignee: null,
    resolvedAt: null,
    closedAt: null,
    updatedAt: now,
    version: 1,
  };
}

/** True when a configured suppression window mutes this signal now. */
export function muted(suppressions: readonly Suppression[], signal: Signal, now: number): boolean {
  return suppressions.some(
    (s) =>
      now >= s.from &&
      now < s.to &&
      (s.rule === undefined || s.rule === signal.rule) &&
      (s.gridId === undefined || inGrid(signal.scope, s.gridId)),
  );
}

function inGrid(scope: AlertScope, gridId: string): boolean {
  return scope.gridId === gridId || scope.communityId === gridId || scope.districtId === gridId;
}
