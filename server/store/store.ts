import type { EventStatus } from '../../shared/domain/event-status';
import type { GridEvent, Transition } from '../../shared/schemas/event';

/** One committed change, numbered by the store's global sequence. */
export interface Change {
  seq: number;
  event: GridEvent;
}

export interface InsertResult {
  /** Changes committed for events that were new, in seq order. */
  changes: Change[];
  /** Ids that already existed: a retry, acknowledged again but not stored twice. */
  duplicates: string[];
}

/** A new state for a stored event, valid only if the stored one still has `expectedVersion`. */
export interface EventUpdate {
  event: GridEvent;
  expectedVersion: number;
  transition: Transition;
}

/** The stored event changed (or vanished) since it was read: the caller should re-read and retry. */
export class VersionConflictError extends Error {
  constructor(readonly eventId: string) {
    super(`event ${eventId} was changed by someone else; reload it and try again`);
  }
}

/** Filters for listing events; every filter given must hold. */
export interface EventQuery {
  ids?: string[];
  /** (category, subcategory) pairs; an event matches when it is any of them. */
  kinds?: { category: string; subcategory: string }[];
  /** occurredAt from (inclusive), epoch ms. */
  from?: number;
  /** occurredAt to (inclusive), epoch ms. */
  to?: number;
  statuses?: EventStatus[];
  /** Leave out events that involve key people: their details are personal data. */
  excludeKeyPerson?: boolean;
  limit: number;
}

/** What happened in a time window [from, to), for the wall's "today" figures (GET /api/stats/today). */
export interface DayStats {
  /** Events received in the window. */
  reported: number;
  /** Of those, how many are closed by now. */
  reportedClosed: number;
  /** Events closed in the window, whenever they were reported. */
  closed: number;
  /** Mean dispatch → handled time (ms) of the events closed in the window; null when none had both. */
  avgHandlingMs: number | null;
}

/** Reports of one category in one hour-long bucket: bucket `i` covers [from + i h, from + (i + 1) h). */
export interface HourlyCount {
  category: string;
  bucket: number;
  count: number;
}

/**
 * The persistence contract. SQLite (embedded default) implements it today; a PostgreSQL store must
 * pass the same contract tests. Methods are async so that a networked store fits the same shape.
 * A method that resolves has committed durably; one that rejects has written nothing.
 */
export interface Store {
  /** Inserts events atomically (all new ones together, or none), logging their 'report' transitions. */
  insertEvents(events: GridEvent[]): Promise<InsertResult>;
  /** Applies updates atomically; rejects with VersionConflictError (writing nothing) on a stale version. */
  updateEvents(updates: EventUpdate[]): Promise<Change[]>;
  /** Events by id, in the order asked; missing ids are left out. */
  getEvents(ids: string[]): Promise<GridEvent[]>;
  /** An event's lifecycle, oldest first. */
  getTransitions(eventId: string): Promise<Transition[]>;
  /** Open events (not closed or cancelled), newest first, with the seq they reflect, read atomically. */
  snapshot(limit: number): Promise<{ seq: number; events: GridEvent[] }>;
  /**
   * Changes after `seq`, oldest first, at most `limit`. Resolves null when the log no longer reaches
   * back that far (the caller must send a fresh snapshot instead).
   */
  changesSince(seq: number, limit: number): Promise<Change[] | null>;
  /** The seq of the last committed change (0 when none). */
  currentSeq(): Promise<number>;
  /** Drops log entries older than `before` (epoch ms) but never the newest one. */
  pruneChanges(before: number): Promise<number>;
  /** Events matching `query`, newest (by occurredAt) first, at most `query.limit`. */
  listEvents(query: EventQuery): Promise<GridEvent[]>;
  /**
   * Counts for [from, to). Optional while the PostgreSQL store catches up; GET /api/stats/today answers
   * 501 on a store without it.
   */
  dayStats?(from: number, to: number): Promise<DayStats>;
  /**
   * Reports (by receipt time) per category and hour since `from`, in [from, to), optionally only a
   * district's; for the wall's hourly chart. Optional like dayStats: GET /api/stats/hourly answers 501.
   */
  hourlyCounts?(from: number, to: number, district?: string): Promise<HourlyCount[]>;
  close(): Promise<void>;
}
