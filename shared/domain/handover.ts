import type { GridEvent } from '../schemas/event';
import { isFinalStatus } from './event-status';
import { slaState } from './sla';

/** What changed during a shift, for the officer taking over. */
export interface HandoverSummary {
  from: number;
  to: number;
  reported: number;
  closed: number;
  /** Critical and high-severity events reported during the shift, newest first. */
  newSevere: { id: string; description: string; category: string; occurredAt: number; status: string }[];
  /** Events still open and past their deadline at the end of the shift, most overdue first. */
  unresolvedOverdue: { id: string; description: string; dueAt: number }[];
  /** Communities with the most reports during the shift. */
  topCommunities: { id: string; count: number }[];
  byCategory: Record<string, number>;
}

/** Events that were open at time `t`: reported by then and not yet closed or cancelled. */
export function openAt<T extends Pick<GridEvent, 'occurredAt' | 'closedAt'>>(
  events: readonly T[],
  t: number,
): T[] {
  return events.filter((e) => e.occurredAt <= t && (e.closedAt === null || e.closedAt > t));
}

/**
 * Summarises a shift [from, to] from the events reported in it plus those still open at its end.
 * Pure: `to` is the time the summary is for.
 */
export function summarizeHandover(events: readonly GridEvent[], from: number, to: number): HandoverSummary {
  const during = events.filter((e) => e.occurredAt >= from && e.occurredAt <= to);
  const byCategory: Record<string, number> = {};
  const byCommunity = new Map<string, number>();
  for (const e of during) {
    byCategory[e.category] = (byCategory[e.category] ?? 0) + 1;
    if (e.grid) byCommunity.set(e.grid.community, (byCommunity.get(e.grid.community) ?? 0) + 1);
  }
  const open = events.filter((e) => !isFinalStatus(e.status));
  return {
    from,
    to,
    reported: during.length,
    closed: events.filter((e) => e.closedAt !== null && e.closedAt >= from && e.closedAt <= to).length,
    newSevere: during
      .filter((e) => e.severity === 'critical' || e.severity === 'high')
      .sort((a, b) => b.occurredAt - a.occurredAt)
      .slice(0, 20)
      .map((e) => ({
        id: e.id,
        description: e.description,
        category: e.category,
        occurredAt: e.occurredAt,
        status: e.status,
      })),
    unresolvedOverdue: open
      .filter((e) => slaState(e, to) === 'overdue')
      .sort((a, b) => (a.dueAt ?? 0) - (b.dueAt ?? 0))
      .slice(0, 20)
      .map((e) => ({ id: e.id, description: e.description, dueAt: e.dueAt ?? 0 })),
    topCommunities: [...byCommunity.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 5)
      .map(([id, count]) => ({ id, count })),
    byCategory,
  };
}
