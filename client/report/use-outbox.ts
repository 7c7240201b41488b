import { useEffect, useState, useSyncExternalStore } from 'react';
import type { ReportOutbox } from './report-outbox';
import type { ReportQueue } from './report-queue';

/** The outbox's queue, re-rendering the caller on every change. */
export function useOutbox(outbox: ReportOutbox): ReportQueue {
  return useSyncExternalStore(outbox.subscribe, outbox.getQueue);
}

/** Whether the browser believes it is online, following its online/offline events. */
export function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, []);
  return online;
}
