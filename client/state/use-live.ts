import { useEffect, useState, useSyncExternalStore } from 'react';
import type { LiveStore, LiveSummary } from './live-store';

/** The live summary, re-rendering the caller on every change. */
export function useLiveSummary(store: LiveStore): LiveSummary {
  return useSyncExternalStore(store.subscribe, store.getSummary);
}

/**
 * A revision number that follows the store but changes at most once per `intervalMs`, so a burst of
 * batches costs one layer rebuild rather than one per batch.
 */
export function useThrottledRevision(store: LiveStore, intervalMs: number): number {
  const [revision, setRevision] = useState(0);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = store.subscribe(() => {
      timer ??= setTimeout(() => {
        timer = null;
        setRevision(store.getSummary().version);
      }, intervalMs);
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [store, intervalMs]);
  return revision;
}

/** Current time, ticking every `intervalMs`: for clocks and "x seconds ago". */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}
