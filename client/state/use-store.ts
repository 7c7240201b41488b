import { useSyncExternalStore } from 'react';

/** A store React can follow: its summary is a new object on every change (live, alerts, traffic, plans). */
export interface SummaryStore<S> {
  subscribe: (listener: () => void) => () => void;
  getSummary: () => S;
}

/** The store's summary, re-rendering the caller on every change. */
export function useSummary<S>(store: SummaryStore<S>): S {
  return useSyncExternalStore(store.subscribe, store.getSummary);
}

/**
 * One part of the store's summary, re-rendering the caller only when it changes: a panel that shows the
 * open count stays put through a batch that changes nothing it shows. `select` must return a primitive
 * or an object held in the summary (compared with Object.is), never a new object.
 */
export function useSelector<S, T>(store: SummaryStore<S>, select: (summary: S) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.getSummary()));
}
