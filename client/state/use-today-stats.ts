import { useEffect, useState } from 'react';
import { getJson } from '../net/api';

/** GET /api/stats/today (server/routes/stats.ts). */
export interface TodayStats {
  from: number;
  to: number;
  timezone: string;
  reportedToday: number;
  closedToday: number;
  avgHandlingMinutes: number | null;
  closureRate: number | null;
}

/**
 * Today's figures, polled every `intervalMs`. A failed poll keeps the last figures: the stale banner
 * already says when the wall is cut off, and blanking the numbers would only add noise.
 */
export function useTodayStats(intervalMs = 10_000): TodayStats | null {
  return usePolledJson<TodayStats>('/api/stats/today', intervalMs);
}

/**
 * GET `path` now and every `intervalMs`, keeping the last good answer when a poll fails (`warnAs`, if
 * given, names it in a console warning).
 */
export function usePolledJson<T>(path: string, intervalMs: number, warnAs?: string): T | null {
  const [value, setValue] = useState<T | null>(null);
  useEffect(() => {
    let alive = true;
    const poll = () =>
      getJson<T>(path).then(
        (v) => alive && setValue(v),
        (err: Error) => warnAs && console.warn(`${warnAs}:`, err.message),
      );
    void poll();
    const id = setInterval(poll, intervalMs);
    return () => {
      alive = false;
      clearInterval(id);
    };
  }, [path, intervalMs, warnAs]);
  return value;
}
