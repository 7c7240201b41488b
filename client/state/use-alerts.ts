import { useSyncExternalStore } from 'react';
import type { AlertStore, AlertSummary } from './alert-store';

/** The alert summary, re-rendering the caller on every change. */
export function useAlerts(store: AlertStore): AlertSummary {
  return useSyncExternalStore(store.subscribe, store.getSummary);
}

/**
 * One part of the alert summary, re-rendering the caller only when it changes: `active` stays the same
 * array through risk updates, `risk` through alert changes. `select` must not build a new object.
 */
export function useAlertSelector<T>(store: AlertStore, select: (summary: AlertSummary) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.getSummary()));
}
