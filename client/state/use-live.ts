import { useEffect, useRef, useState } from 'react';
import type { LiveStore } from './live-store';

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
