import type { EventInput } from '../../shared/schemas/event';

/**
 * The field report outbox as pure data: a report is saved first and sent after, so a phone that
 * loses the network keeps its reports and sends them when it can. Every report carries a client id,
 * so a retry after a lost answer is stored once by the server (it answers it as a duplicate).
 */
export interface QueuedReport {
  /** Also the event id sent to the server. */
  id: string;
  input: EventInput & { id: string };
  createdAt: number;
  attempts: number;
  /** Not sent again before this time (epoch ms). */
  nextAttemptAt: number;
  /** `rejected`: the server refused it for good (a bad field); it waits for the worker to remove it. */
  state: 'pending' | 'sending' | 'rejected';
  lastError: string | null;
}

export interface ReportQueue {
  items: QueuedReport[];
  /** The last few delivered reports (id and description), newest first, so the worker sees them land. */
  delivered: { id: string; description: string; at: number }[];
  /** The last answer was 401: sending waits for a new sign-in. */
  authRequired: boolean;
}

/** How one attempt ended, as the outbox sees it. */
export type SendOutcome =
  | { kind: 'delivered' }
  | { kind: 'retry'; error: string }
  | { kind: 'rejected'; error: string }
  | { kind: 'unauthorized' };

export const EMPTY_QUEUE: ReportQueue = { items: [], delivered: [], authRequired: false };
const KEEP_DELIVERED = 5;
const BACKOFF_BASE_MS = 2_000;
const BACKOFF_MAX_MS = 60_000;

/** Wait before attempt `attempts + 1`: 2 s doubling to a 1-minute cap, spread by `jitter` in [0, 1). */
export function backoffMs(attempts: number, jitter = 0): number {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  // Up to +25 %, so that many phones coming back online together do not retry in lockstep.
  return Math.round(base * (1 + 0.25 * jitter));
}

/** What an HTTP answer (or a network failure, `null`) means for a report. */
export function classifyResponse(status: number | null, message = ''): SendOutcome {
  if (status === null) return { kind: 'retry', error: message || 'network error' };
  if (status >= 200 && status < 300) return { kind: 'delivered' };
  if (status === 401) return { kind: 'unauthorized' };
  // Time-outs, rate limits and server trouble pass; anything else will fail the same way again.
  if (status === 408 || status === 429 || status >= 500)
    return { kind: 'retry', error: message || `HTTP ${status}` };
  return { kind: 'rejected', error: message || `HTTP ${status}` };
}

/** Adds a report, due at once. Adding an id already queued changes nothing (a double tap). */
export function enqueue(queue: ReportQueue, input: EventInput & { id: string }, now: number): ReportQueue {
  if (queue.items.some((r) => r.id === input.id)) return queue;
  const report: QueuedReport = {
    id: input.id,
    input,
    createdAt: now,
    attempts: 0,
    nextAttemptAt: now,
    state: 'pending',
    lastError: null,
  };
  return { ...queue, items: [...queue.items, report] };
}

/** Reports to send now, oldest first; none while a sign-in is awaited. */
export function dueReports(queue: ReportQueue, now: number): QueuedReport[] {
  if (queue.authRequired) return [];
  return queue.items.filter((r) => r.state === 'pending' && r.nextAttemptAt <= now);
}

/** When the next pending report falls due, or null when nothing waits. */
export function nextWakeAt(queue: ReportQueue): number | null {
  if (queue.authRequired) return null;
  const times = queue.items.filter((r) => r.state === 'pending').map((r) => r.nextAttemptAt);
  return times.length ? Math.min(...times) : null;
}

export function markSending(queue: ReportQueue, id: string): ReportQueue {
  return patch(queue, id, { state: 'sending' });
}

/** Applies the outcome of one attempt at `now`. */
export function recordOutcome(
  queue: ReportQueue,
  id: string,
  outcome: SendOutcome,
  now: number,
  jitter = 0,
): ReportQueue {
  const report = queue.items.find((r) => r.id === id);
  if (!report) return queue;
  switch (outcome.kind) {
    case 'delivered':
      return {
        ...queue,
        items: queue.items.filter((r) => r.id !== id),
        delivered: [{ id, description: report.input.description, at: now }, ...queue.delivered].slice(
          0,
          KEEP_DELIVERED,
        ),
      };
    case 'rejected':
      return patch(queue, id, { state: 'rejected', attempts: report.attempts + 1, lastError: outcome.error });
    case 'unauthorized':
      // Not the report's fault: it stays due, and the whole outbox waits for a sign-in.
      return { ...patch(queue, id, { state: 'pending', lastError: 'unauthorized' }), authRequired: true };
    case 'retry': {
      const attempts = report.attempts + 1;
      return patch(queue, id, {
        state: 'pending',
        attempts,
        nextAttemptAt: now + backoffMs(attempts, jitter),
        lastError: outcome.error,
      });
    }
  }
}

/** The network is back or the worker signed in again: every pending report is due now. */
export function retryNow(queue: ReportQueue, now: number): ReportQueue {
  return {
    ...queue,
    authRequired: false,
    items: queue.items.map((r) =>
      r.state === 'pending' ? { ...r, nextAttemptAt: Math.min(r.nextAttemptAt, now) } : r,
    ),
  };
}

/** Drops a report the worker gave up on. */
export function removeReport(queue: ReportQueue, id: string): ReportQueue {
  return { ...queue, items: queue.items.filter((r) => r.id !== id) };
}

/**
 * Reads a stored queue, tolerating anything. A report stored as `sending` was cut off mid-flight by a
 * closed page: it is pending again, which is safe because its id makes a second delivery a no-op.
 */
export function parseQueue(json: string | null): ReportQueue {
  if (!json) return EMPTY_QUEUE;
  try {
    const q = JSON.parse(json) as Partial<ReportQueue>;
    if (!Array.isArray(q.items)) return EMPTY_QUEUE;
    return {
      items: q.items
        .filter((r): r is QueuedReport => typeof r?.id === 'string' && typeof r.input === 'object')
        .map((r) => (r.state === 'sending' ? { ...r, state: 'pending' as const } : r)),
      delivered: Array.isArray(q.delivered) ? q.delivered : [],
      authRequired: q.authRequired === true,
    };
  } catch {
    return EMPTY_QUEUE;
  }
}

function patch(queue: ReportQueue, id: string, change: Partial<QueuedReport>): ReportQueue {
  return { ...queue, items: queue.items.map((r) => (r.id === id ? { ...r, ...change } : r)) };
}
