import { EVENT_STATUSES, isFinalStatus } from '../../shared/domain/event-status';
import type { EventQuery } from '../store/store';
import { parseServiceCode, parseW3cDatetime } from './open311-mapping';

/** Most requests one GET returns (the spec's default cap). */
export const MAX_RESULTS = 1000;
/** The window when no start_date is given: the spec's 90 days. */
const DEFAULT_WINDOW_MS = 90 * 86_400_000;

/** A 4xx raised inside an Open311 handler; the plugin's error handler words it the spec's way. */
export class Open311Error extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** GET requests.json's filters, all optional strings as the query string has them. */
export interface Open311Filters {
  service_request_id?: string;
  service_code?: string;
  start_date?: string;
  end_date?: string;
  status?: string;
}

/**
 * The store query for GET requests.json. service_request_id overrides every other filter (the spec);
 * otherwise the window is start_date…end_date on occurredAt, start_date defaulting to 90 days before
 * end_date or `now`. Throws Open311Error(400) naming a bad filter.
 */
export function eventQueryOf(q: Open311Filters, now: number): EventQuery {
  if (q.service_request_id !== undefined) return { ids: list(q.service_request_id), limit: MAX_RESULTS };
  const query: EventQuery = { limit: MAX_RESULTS };
  if (q.service_code !== undefined) {
    query.kinds = list(q.service_code).map((code) => {
      const kind = parseServiceCode(code);
      if (!kind) throw new Open311Error(400, `service_code "${code}" not found`);
      return kind;
    });
  }
  if (q.status !== undefined) {
    const wanted = list(q.status);
    const bad = wanted.find((s) => s !== 'open' && s !== 'closed');
    if (bad !== undefined) throw new Open311Error(400, `status "${bad}" is not open or closed`);
    query.statuses = EVENT_STATUSES.filter((s) => wanted.includes(isFinalStatus(s) ? 'closed' : 'open'));
  }
  const end = date(q.end_date, 'end_date');
  const start = date(q.start_date, 'start_date');
  if (start !== undefined && end !== undefined && start > end) {
    throw new Open311Error(400, 'start_date is after end_date');
  }
  query.from = start ?? (end ?? now) - DEFAULT_WINDOW_MS;
  query.to = end;
  return query;
}

function list(csv: string): string[] {
  return csv
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function date(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const at = parseW3cDatetime(text);
  if (Number.isNaN(at)) {
    throw new Open311Error(400, `${name} must be a W3C datetime with a zone, got "${text}"`);
  }
  return at;
}
