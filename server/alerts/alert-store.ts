import type { AlertUpdate } from '../../shared/rules/alert-book';
import type {
  Alert,
  AlertChange,
  AlertLevel,
  AlertStatus,
  AlertTransition,
  RuleId,
} from '../../shared/schemas/alert';

/** Filters for listing alerts; every filter given must hold. */
export interface AlertQuery {
  statuses?: AlertStatus[];
  rules?: RuleId[];
  levels?: AlertLevel[];
  limit: number;
}

/**
 * Persistence of alerts: the latest state of each, every lifecycle step, and a change sequence of
 * its own (the event change log holds events only). A method that returns has committed.
 */
export interface AlertStore {
  /** Stores updates atomically in order; each gets the next alert seq. */
  save(updates: readonly AlertUpdate[]): AlertChange[];
  get(id: string): Alert | null;
  transitions(alertId: string): AlertTransition[];
  /** Alerts newest first (by last change). */
  list(query: AlertQuery): Alert[];
  /** Alerts not closed: what the engine tracks. */
  open(): Alert[];
  currentSeq(): number;
  /** The highest numeric part of the ids stored (ids are AL + digits), 0 when none. */
  maxIdNumber(): number;
  close(): void;
}
