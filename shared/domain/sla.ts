import type { GridEvent } from '../schemas/event';

/**
 * Handling deadlines (GB/T 30428): the clock starts at dispatch and runs while the event is with a
 * grid team (dispatched or handling). Time is a parameter: nothing here reads a clock.
 */
export type SlaState = 'none' | 'ok' | 'near' | 'overdue';

/** Share of the time limit after which an event is flagged as near its deadline. */
export const NEAR_SHARE = 0.8;

/** Who must answer for an overdue event: the grid team, then one level up per further limit elapsed. */
export const ESCALATION_LEVELS = ['full', 'community', 'district', 'city'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

/** What the deadline rules read of an event. */
type Clocked = Pick<GridEvent, 'status' | 'dispatchedAt' | 'dueAt'>;

/** Whether the event's handling clock runs: it is with a grid team and has a deadline. */
export function slaClockRunning<E extends Clocked>(e: E): e is E & { dispatchedAt: number; dueAt: number } {
  return (
    (e.status === 'dispatched' || e.status === 'handling') && e.dispatchedAt !== null && e.dueAt !== null
  );
}

/** Where an event stands against its deadline at `now`. */
export function slaState(e: Clocked, now: number): SlaState {
  if (!slaClockRunning(e)) return 'none';
  if (now > e.dueAt) return 'overdue';
  return now - e.dispatchedAt >= NEAR_SHARE * (e.dueAt - e.dispatchedAt) ? 'near' : 'ok';
}

/**
 * The level an overdue event has escalated to: the community once it is overdue, the district after a
 * further full time limit, the city after another. Events on time stay with their grid team.
 */
export function escalationLevel(e: GridEvent, now: number): EscalationLevel {
  if (!slaClockRunning(e) || now <= e.dueAt) return 'full';
  const limit = Math.max(1, e.dueAt - e.dispatchedAt);
  const periods = Math.floor((now - e.dueAt) / limit);
  return ESCALATION_LEVELS[Math.min(3, 1 + periods)]!;
}
