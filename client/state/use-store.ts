import { useEffect, useRef, useState, useSyncExternalStore } from 'react';

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

/**
 * The store's summary as of the ticker's last tick, or at once when `urgent(previous, next)` says a
 * change cannot wait (a lost connection). For figures read from across a room: a live batch every
 * 250 ms then re-renders nothing, and the figures move with the clock, in the render it costs anyway.
 */
export function useSummaryOnTick<S>(
  store: SummaryStore<S>,
  ticker: SummaryStore<number>,
  urgent: (previous: S, next: S) => boolean,
): S {
  const [summary, setSummary] = useState(store.getSummary);
  const urgentRef = useRef(urgent);
  urgentRef.current = urgent;
  useEffect(() => {
    let last = store.getSummary();
    setSummary(last);
    const offTicker = ticker.subscribe(() => setSummary(store.getSummary()));
    const offStore = store.subscribe(() => {
      const next = store.getSummary();
      if (urgentRef.current(last, next)) setSummary(next);
      last = next;
    });
    return () => {
      offTicker();
      offStore();
    };
  }, [store, ticker]);
  return summary;
}
