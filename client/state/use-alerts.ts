import { useSyncExternalStore } from 'react';
import type { AlertStore, AlertSummary } from './alert-store';

/** The alert summary, re-rendering the caller on every change. */
export function useAlerts(store: AlertStore): AlertSummary {
  return useSyncExternalStore(store.subscribe, store.getSummary);
}
