import type Database from 'better-sqlite3';
import type { DayStats } from './store';

/**
 * DayStats from the transitions log, which records every report, dispatch, hand-back and closure with
 * its time. Prepared once per database. The closed events' hand-back time is their latest `handled`
 * step (an event sent back and handled again counts its last hand-back).
 */
export function prepareDayStats(db: Database.Database): (from: number, to: number) => DayStats {
  const reported = db.prepare(
    `SELECT COUNT(*) AS n, COALESCE(SUM(e.status = 'closed'), 0) AS closed
     FROM transitions t JOIN events e ON e.id = t.event_id
     WHERE t.action = 'report' AND t.at >= ? AND t.at < ?`,
  );
  const closed = db.prepare(
    `SELECT COUNT(*) AS n,
       AVG((SELECT MAX(h.at) FROM transitions h WHERE h.event_id = c.event_id AND h.to_status = 'handled')
           - json_extract(e.payload, '$.dispatchedAt')) AS avgMs
     FROM transitions c JOIN events e ON e.id = c.event_id
     WHERE c.to_status = 'closed' AND c.at >= ? AND c.at < ?`,
  );
  return (from, to) => {
    const r = reported.get(from, to) as { n: number; closed: number };
    const c = closed.get(from, to) as { n: number; avgMs: number | null };
    return {
      reported: r.n,
      reportedClosed: r.closed,
      closed: c.n,
      avgHandlingMs: c.avgMs === null ? null : Math.round(c.avgMs),
    };
  };
}
