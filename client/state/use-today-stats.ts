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
  const [stats, setStats] = useState<TodayStats | null>(null);
  useEffect(() => {
    let alive = true;
    const poll = () =>
      getJson<TodayStats>('/api/stats/today').then(
        (s) => alive && setStats(s),
        () => undefined,
      );
    void poll();
    const id = setInterval(poll, intervalMs);
    return () => {
      alive = false;
      clearInterval(id);
    };
  }, [intervalMs]);
  return stats;
}
