import { subcategoryOf } from '../../shared/domain/categories';
import type { WorkflowAction } from '../../shared/domain/workflow';
import type { GridEvent } from '../../shared/schemas/event';
import type { Random } from '../../shared/util/random';

const MIN = 60_000;

export interface SimStep {
  action: WorkflowAction;
  /** Simulated milliseconds after the event's last change. */
  afterMs: number;
  note?: string;
  assignee?: string;
}

/**
 * What a simulated duty officer or grid team does next with an event, and after how long: most events
 * flow through the lifecycle within their time limit, about one in seven runs over (so the wall shows
 * overdue events), a few reports are cancelled as duplicates and a few fail verification. Pure given
 * `random`.
 */
export function nextStep(e: GridEvent, random: Random): SimStep | null {
  const between = (lo: number, hi: number) => Math.round((lo + random.next() * (hi - lo)) * MIN);
  switch (e.status) {
    case 'reported':
      return random.next() < 0.05
        ? { action: 'cancel', afterMs: between(2, 10), note: '重复上报（模拟）' }
        : { action: 'accept', afterMs: between(1, 8) };
    case 'accepted':
      return { action: 'register', afterMs: between(2, 10) };
    case 'registered':
      return {
        action: 'dispatch',
        afterMs: between(3, 15),
        assignee: e.grid ? `team:${e.grid.full}` : 'team:city',
      };
    case 'dispatched':
      return { action: 'start', afterMs: between(5, 20) };
    case 'handling': {
      const limitMin = (subcategoryOf(e.category, e.subcategory)?.limitHours ?? 24) * 60;
      const elapsed = e.dispatchedAt === null ? 0 : e.updatedAt - e.dispatchedAt;
      const share = random.next() < 0.14 ? 1.05 + random.next() : 0.2 + random.next() * 0.7;
      return { action: 'handle', afterMs: Math.max(MIN, Math.round(share * limitMin * MIN - elapsed)) };
    }
    case 'handled':
      return random.next() < 0.08
        ? { action: 'reopen', afterMs: between(10, 40), note: '核查未通过，退回处置（模拟）' }
        : { action: 'verify', afterMs: between(10, 60) };
    case 'verified':
      return { action: 'close', afterMs: between(5, 30) };
    default:
      return null;
  }
}
