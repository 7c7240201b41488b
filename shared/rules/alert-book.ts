import type { Alert, AlertTransition } from '../schemas/alert';

/**
 * The alerts the engine is tracking: live ones by dedupe key, resolved ones waiting to close, and
 * when each key last resolved (the suppression clock). Rebuilt from the store at start.
 */
export interface AlertBook {
  active: Map<string, Alert>;
  resolved: Map<string, Alert>;
  resolvedAt: Map<string, number>;
}

/** A changed alert with the lifecycle step that changed it, or null for a count or clearing update. */
export interface AlertUpdate {
  alert: Alert;
  transition: AlertTransition | null;
}

export function emptyBook(): AlertBook {
  return { active: new Map(), resolved: new Map(), resolvedAt: new Map() };
}

/** Files an alert's new state in the book: live, resolved (waiting to close) or gone (closed). */
export function fileAlert(book: AlertBook, alert: Alert): void {
  if (alert.status === 'resolved') {
    if (book.active.get(alert.key)?.id === alert.id) book.active.delete(alert.key);
    book.resolved.set(alert.id, alert);
    book.resolvedAt.set(alert.key, alert.resolvedAt ?? alert.updatedAt);
  } else if (alert.status === 'closed') {
    if (book.active.get(alert.key)?.id === alert.id) book.active.delete(alert.key);
    book.resolved.delete(alert.id);
  } else {
    book.active.set(alert.key, alert);
  }
}

/** Rebuilds a book from stored alerts (live and recently resolved). */
export function bookOf(alerts: Iterable<Alert>): AlertBook {
  const book = emptyBook();
  for (const a of alerts) fileAlert(book, a);
  return book;
}
