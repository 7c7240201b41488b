import type Database from 'better-sqlite3';
import type { HourlyCount } from './store';

const HOUR = 3_600_000;

/**
 * Reports per category and whole hour-long bucket of [from, to) (CAST: better-sqlite3 binds numbers as
 * REAL, so plain division would give fractional buckets), by receipt time (the 'report' transition,
 * as DayStats counts "reported today"), optionally only one district's. Prepared once per database.
 */
export function prepareHourlyCounts(
  db: Database.Database,
): (from: number, to: number, district?: string) => HourlyCount[] {
  const all = db.prepare(
    `SELECT e.category AS category, CAST((t.at - @from) / ${HOUR} AS INTEGER) AS bucket, COUNT(*) AS count
     FROM transitions t JOIN events e ON e.id = t.event_id
     WHERE t.action = 'report' AND t.at >= @from AND t.at < @to
     GROUP BY e.category, bucket`,
  );
  const inDistrict = db.prepare(
    `SELECT e.category AS category, CAST((t.at - @from) / ${HOUR} AS INTEGER) AS bucket, COUNT(*) AS count
     FROM transitions t JOIN events e ON e.id = t.event_id
     WHERE t.action = 'report' AND t.at >= @from AND t.at < @to
       AND json_extract(e.payload, '$.grid.district') = @district
     GROUP BY e.category, bucket`,
  );
  return (from, to, district) =>
    (district === undefined
      ? all.all({ from, to })
      : inDistrict.all({ from, to, district })) as HourlyCount[];
}
