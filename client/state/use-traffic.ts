import { useSyncExternalStore } from 'react';
import type { TrafficStore, TrafficSummary } from './traffic-store';

/** The traffic summary, re-rendering the caller on every applied frame (every few seconds). */
export function useTrafficSummary(store: TrafficStore): TrafficSummary {
  return useSyncExternalStore(store.subscribe, store.getSummary);
}

/** One figure of the traffic summary, re-rendering the caller only when it changes. */
export function useTrafficSelector<T>(store: TrafficStore, select: (summary: TrafficSummary) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.getSummary()));
}
