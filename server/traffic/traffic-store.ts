import type { TrafficRollup } from '../../shared/schemas/traffic';
import type { SyncPg } from '../scale/sync-pg';
import { openSqliteConnection } from '../store/sqlite-connection';
import type { Resolution, RollupRow } from './rollups';

/** Persistence of the traffic pool's rollups. */
export interface TrafficStore {
  /** Inserts or replaces rows (a bucket written twice keeps the last figures). */
  writeRollups(rows: readonly RollupRow[]): void;
  /** Rows of one area and resolution with bucket in [from, to], oldest first. */
  history(scope: string, resolution: Resolution, from: number, to: number): TrafficRollup[];
  /** Every row of a resolution with bucket in [from, to] (all areas), for folding into coarser rows. */
  rowsIn(resolution: Resolution, from: number, to: number): RollupRow[];
  /** How many buckets of `resolution` the city has in [from, to]. */
  countCity(resolution: Resolution, from: number, to: number): number;
  /** Drops rows of `resolution` older than `before`. */
  prune(resolution: Resolution, before: number): number;
  close(): void;
}

interface Row {
  resolution: number;
  scope: string;
  bucket: number;
  tpi: number | null;
  coverage: number;
  parking_occupancy: number | null;
  parking_free: number | null;
  samples: number;
}

/**
 * Opens the traffic tables in the app's SQLite file on a connection of its own. The main store
 * (openSqliteStore) must have opened the file first: its migrations create the table (migration 2).
 */
export function openTrafficStore(file: string): TrafficStore {
  const db = openSqliteConnection(file, 'traffic_rollups');
  const upsert = db.prepare(
    `INSERT OR REPLACE INTO traffic_rollups
     (resolution, scope, bucket, tpi, coverage, parking_occupancy, parking_free, samples)
     VALUES (@resolution, @scope, @bucket, @tpi, @coverage, @parkingOccupancy, @parkingFree, @samples)`,
  );
  const selectHistory = db.prepare(
    `SELECT bucket AS at, tpi, coverage, parking_occupancy AS parkingOccupancy, parking_free AS parkingFree
     FROM traffic_rollups WHERE resolution = ? AND scope = ? AND bucket BETWEEN ? AND ? ORDER BY bucket`,
  );
  const selectRows = db.prepare(
    'SELECT * FROM traffic_rollups WHERE resolution = ? AND bucket BETWEEN ? AND ? ORDER BY bucket',
  );
  const countCity = db
    .prepare(
      "SELECT COUNT(*) FROM traffic_rollups WHERE resolution = ? AND scope = 'city' AND bucket BETWEEN ? AND ?",
    )
    .pluck();
  const deleteOld = db.prepare('DELETE FROM traffic_rollups WHERE resolution = ? AND bucket < ?');
  const writeTx = db.transaction((rows: readonly RollupRow[]) => {
    for (const r of rows) upsert.run(r);
  });

  return {
    writeRollups: (rows) => writeTx(rows),
    history: (scope, resolution, from, to) =>
      selectHistory.all(resolution, scope, from, to) as TrafficRollup[],
    rowsIn: (resolution, from, to) =>
      (selectRows.all(resolution, from, to) as Row[]).map((r) => ({
        resolution: r.resolution as Resolution,
        scope: r.scope,
        bucket: r.bucket,
        tpi: r.tpi,
        coverage: r.coverage,
        parkingOccupancy: r.parking_occupancy,
        parkingFree: r.parking_free,
        samples: r.samples,
      })),
    countCity: (resolution, from, to) => countCity.get(resolution, from, to) as number,
    prune: (resolution, before) => deleteOld.run(resolution, before).changes,
    close: () => db.close(),
  };
}

/**
 * The traffic rollups in the shared PostgreSQL (migration 5 of the PostgreSQL store, which must have
 * run): history reads the same on every instance. Each call is one blocking round trip on a worker
 * thread (server/scale/sync-pg.ts). A bucket written twice (by this instance or another) keeps the
 * last figures, as in SQLite.
 */
export function openPgTrafficStore(db: SyncPg): TrafficStore {
  return {
    writeRollups(rows) {
      if (rows.length === 0) return;
      // One statement; a key given twice in one call keeps its last row (ON CONFLICT may touch a row once).
      const last = new Map(rows.map((r) => [`${r.resolution}|${r.scope}|${r.bucket}`, r]));
      const unique = [...last.values()];
      const column = <K extends keyof RollupRow>(k: K) => unique.map((r) => r[k]);
      db.query(
        `INSERT INTO traffic_rollups
           (resolution, scope, bucket, tpi, coverage, parking_occupancy, parking_free, samples)
         SELECT * FROM unnest($1::int4[], $2::text[], $3::int8[], $4::float8[], $5::float8[], $6::float8[],
           $7::int4[], $8::int4[])
         ON CONFLICT (resolution, scope, bucket) DO UPDATE SET tpi = excluded.tpi,
           coverage = excluded.coverage, parking_occupancy = excluded.parking_occupancy,
           parking_free = excluded.parking_free, samples = excluded.samples`,
        [
          column('resolution'),
          column('scope'),
          column('bucket'),
          column('tpi'),
          column('coverage'),
          column('parkingOccupancy'),
          column('parkingFree'),
          column('samples'),
        ],
      );
    },
    history: (scope, resolution, from, to) =>
      db.query<TrafficRollup>(
        `SELECT bucket AS at, tpi, coverage, parking_occupancy AS "parkingOccupancy", parking_free AS "parkingFree"
         FROM traffic_rollups WHERE resolution = $1 AND scope = $2 AND bucket BETWEEN $3 AND $4 ORDER BY bucket`,
        [resolution, scope, from, to],
      ),
    rowsIn: (resolution, from, to) =>
      db
        .query<Row>(
          'SELECT * FROM traffic_rollups WHERE resolution = $1 AND bucket BETWEEN $2 AND $3 ORDER BY bucket',
          [resolution, from, to],
        )
        .map((r) => ({
          resolution: r.resolution as Resolution,
          scope: r.scope,
          bucket: r.bucket,
          tpi: r.tpi,
          coverage: r.coverage,
          parkingOccupancy: r.parking_occupancy,
          parkingFree: r.parking_free,
          samples: r.samples,
        })),
    countCity: (resolution, from, to) =>
      db.query<{ n: number }>(
        "SELECT count(*)::int8 AS n FROM traffic_rollups WHERE resolution = $1 AND scope = 'city' AND bucket BETWEEN $2 AND $3",
        [resolution, from, to],
      )[0]!.n,
    prune: (resolution, before) =>
      db.query('DELETE FROM traffic_rollups WHERE resolution = $1 AND bucket < $2 RETURNING 1', [
        resolution,
        before,
      ]).length,
    close: () => {
      void db.close();
    },
  };
}
