import type { GridEvent } from '../schemas/event';

/**
 * District and community evaluation (考核): for a period, per unit, the figures the reform's
 * district evaluation asks for, a score, a ranking and the trend against the period before. Pure:
 * the caller passes the events (those reported in both periods, plus a day before for repeats), the
 * alerts and the time of evaluation.
 */

export type EvaluationLevel = 'district' | 'community';

/** An earlier report of the same subcategory in the same micro-grid this close before makes a repeat. */
export const REPEAT_WINDOW_MS = 24 * 3_600_000;

/** What the evaluation reads of an alert. */
export interface EvaluatedAlert {
  scope: { districtId: string | null; communityId: string | null };
  firstSeenAt: number;
  acknowledgedAt: number | null;
}

export interface EvaluationUnit {
  id: string;
  name: string;
}

export interface UnitFigures {
  /** Events reported in the period (cancelled ones included). */
  events: number;
  /** Cancelled as false or duplicate reports: left out of every rate. */
  cancelled: number;
  closed: number;
  /** closed ÷ (events − cancelled); null without such events. */
  closureRate: number | null;
  /** Closed events finished by their deadline ÷ closed events that had one; null when none. */
  onTimeRate: number | null;
  /** Mean dispatch → close of closed events, hours; null when none. */
  avgHandlingHours: number | null;
  /** Events past their deadline: closed late, or still open after it at the time of evaluation. */
  overdue: number;
  /** Reports repeating one of the same subcategory in the same micro-grid within 24 h before. */
  repeats: number;
  /** Alerts first raised in the period. */
  alerts: number;
  /** Mean raise → acknowledgement of those alerts, minutes; null when none was acknowledged. */
  alertResponseMinutes: number | null;
  /** 0–100 (see {@link scoreOf}); null for a unit without events. */
  score: number | null;
}

export interface EvaluationRow extends UnitFigures {
  id: string;
  name: string;
  /** 1 = best; null for a unit without a score. */
  rank: number | null;
  previous: { events: number; score: number | null; rank: number | null };
  /** Score now minus score in the previous period; null when either is missing. */
  trend: number | null;
}

export interface Evaluation {
  level: EvaluationLevel;
  from: number;
  to: number;
  previousFrom: number;
  at: number;
  rows: EvaluationRow[];
}

/**
 * The score, 0–100: 40 % closure rate, 40 % on-time rate, 20 % share of events not overdue. A rate a
 * unit with events has no data for (nothing closed yet) counts as 0: not closing is what it measures.
 */
export function scoreOf(f: Omit<UnitFigures, 'score'>): number | null {
  const counted = f.events - f.cancelled;
  if (counted <= 0) return null;
  const notOverdue = 1 - Math.min(1, f.overdue / counted);
  return round(100 * (0.4 * (f.closureRate ?? 0) + 0.4 * (f.onTimeRate ?? 0) + 0.2 * notOverdue), 1);
}

/** Figures, ranking and trend for every unit of `level` over [from, to), the previous period equally long. */
export function evaluate(input: {
  level: EvaluationLevel;
  units: readonly EvaluationUnit[];
  events: readonly GridEvent[];
  alerts: readonly EvaluatedAlert[];
  from: number;
  to: number;
  at: number;
}): Evaluation {
  const { level, units, from, to, at } = input;
  const previousFrom = from - (to - from);
  const repeats = repeatIds(input.events);
  const unitOf = (g: GridEvent['grid']) => (g ? (level === 'district' ? g.district : g.community) : null);
  const alertUnit = (a: EvaluatedAlert) => (level === 'district' ? a.scope.districtId : a.scope.communityId);
  const period = (start: number, end: number) => {
    // Bucketed once per period: a month of a busy city is some 10^5 events over 10^2 units.
    const events = new Map<string, GridEvent[]>(units.map((u) => [u.id, []]));
    for (const e of input.events) {
      if (e.occurredAt >= start && e.occurredAt < end) events.get(unitOf(e.grid) ?? '')?.push(e);
    }
    const alerts = new Map<string, EvaluatedAlert[]>(units.map((u) => [u.id, []]));
    for (const a of input.alerts) {
      if (a.firstSeenAt >= start && a.firstSeenAt < end) alerts.get(alertUnit(a) ?? '')?.push(a);
    }
    const figures = new Map<string, UnitFigures>();
    for (const u of units) figures.set(u.id, figuresOf(events.get(u.id)!, alerts.get(u.id)!, repeats, at));
    return { figures, ranks: rankOf(units, figures) };
  };
  const now = period(from, to);
  const before = period(previousFrom, from);
  const rows = units.map((u): EvaluationRow => {
    const f = now.figures.get(u.id)!;
    const p = before.figures.get(u.id)!;
    return {
      id: u.id,
      name: u.name,
      ...f,
      rank: now.ranks.get(u.id) ?? null,
      previous: { events: p.events, score: p.score, rank: before.ranks.get(u.id) ?? null },
      trend: f.score === null || p.score === null ? null : round(f.score - p.score, 1),
    };
  });
  rows.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.id.localeCompare(b.id));
  return { level, from, to, previousFrom, at, rows };
}

function figuresOf(
  events: readonly GridEvent[],
  alerts: readonly EvaluatedAlert[],
  repeats: ReadonlySet<string>,
  at: number,
): UnitFigures {
  const cancelled = events.filter((e) => e.status === 'cancelled').length;
  const closed = events.filter((e) => e.status === 'closed' && e.closedAt !== null);
  const withDue = closed.filter((e) => e.dueAt !== null);
  const handled = closed.filter((e) => e.dispatchedAt !== null);
  const acknowledged = alerts.filter((a) => a.acknowledgedAt !== null);
  const counted = events.length - cancelled;
  const base = {
    events: events.length,
    cancelled,
    closed: closed.length,
    closureRate: counted > 0 ? round(closed.length / counted, 4) : null,
    onTimeRate:
      withDue.length > 0
        ? round(withDue.filter((e) => e.closedAt! <= e.dueAt!).length / withDue.length, 4)
        : null,
    avgHandlingHours:
      handled.length > 0
        ? round(mean(handled.map((e) => (e.closedAt! - e.dispatchedAt!) / 3_600_000)), 2)
        : null,
    overdue: events.filter(
      (e) => e.status !== 'cancelled' && e.dueAt !== null && (e.closedAt ?? at) > e.dueAt,
    ).length,
    repeats: events.filter((e) => repeats.has(e.id)).length,
    alerts: alerts.length,
    alertResponseMinutes:
      acknowledged.length > 0
        ? round(mean(acknowledged.map((a) => (a.acknowledgedAt! - a.firstSeenAt) / 60_000)), 1)
        : null,
  };
  return { ...base, score: scoreOf(base) };
}

/** Ids of events that repeat an earlier report (same micro-grid and subcategory within the window). */
function repeatIds(events: readonly GridEvent[]): Set<string> {
  const last = new Map<string, number>();
  const ids = new Set<string>();
  for (const e of [...events].sort((a, b) => a.occurredAt - b.occurredAt || a.id.localeCompare(b.id))) {
    if (!e.grid) continue;
    const key = `${e.grid.micro}|${e.category}|${e.subcategory}`;
    const before = last.get(key);
    if (before !== undefined && e.occurredAt - before <= REPEAT_WINDOW_MS) ids.add(e.id);
    last.set(key, e.occurredAt);
  }
  return ids;
}

/** Ranks by score (higher first), ties by more events then id; units without a score get none. */
function rankOf(units: readonly EvaluationUnit[], figures: Map<string, UnitFigures>): Map<string, number> {
  const scored = units.filter((u) => figures.get(u.id)!.score !== null);
  scored.sort(
    (a, b) =>
      figures.get(b.id)!.score! - figures.get(a.id)!.score! ||
      figures.get(b.id)!.events - figures.get(a.id)!.events ||
      a.id.localeCompare(b.id),
  );
  return new Map(scored.map((u, i) => [u.id, i + 1]));
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
