import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { LiveStore, LiveSummary } from './live-store';

/** The live summary, re-rendering the caller on every change. */
export function useLiveSummary(store: LiveStore): LiveSummary {
  return useSyncExternalStore(store.subscribe, store.getSummary);
}

/**
 * One figure of the live summary, re-rendering the caller only when it changes: a panel that shows
 * the open count stays put through a batch that changes nothing it shows. `select` must return a
 * primitive or an object held in the summary (compared with Object.is), never a new object.
 */
export function useLiveSelector<T>(store: LiveStore, select: (summary: LiveSummary) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.getSummary()));
}

/**
 * A revision number that follows the store but changes at most once per `intervalMs`, so a burst of
 * batches costs one layer rebuild rather than one per batch. With `skip`, a due change is dropped when
 * `skip()` says it is already drawn (the wall: a risk update redrew the map with the batch's points).
 */
export function useThrottledRevision(store: LiveStore, intervalMs: number, skip?: () => boolean): number {
  const [revision, setRevision] = useState(0);
  const skipRef = useRef(skip);
  skipRef.current = skip;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = store.subscribe(() => {
      timer ??= setTimeout(() => {
        timer = null;
        if (skipRef.current?.()) return;
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
