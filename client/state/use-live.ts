import { useEffect, useRef, useState } from 'react';
import type { LiveStore } from './live-store';
import { leadingThrottle } from './throttle';

/**
 * A revision number that follows the store but changes at most once per `intervalMs`, so a burst of
 * batches costs one layer rebuild rather than one per batch; a batch after a quiet spell (and the first
 * snapshot) changes it at once (leadingThrottle). With `skip`, a due change is dropped when `skip()`
 * says it is already drawn (the wall: a risk update redrew the map with the batch's points).
 */
export function useThrottledRevision(store: LiveStore, intervalMs: number, skip?: () => boolean): number {
  const [revision, setRevision] = useState(0);
  const skipRef = useRef(skip);
  skipRef.current = skip;
  useEffect(() => {
    const throttle = leadingThrottle(intervalMs, () => {
      if (skipRef.current?.()) return;
      setRevision(store.getSummary().version);
    });
    const unsubscribe = store.subscribe(() => throttle.poke());
    return () => {
      unsubscribe();
      throttle.cancel();
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
