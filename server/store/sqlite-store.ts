import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { GridEvent, Transition } from '../../shared/schemas/event';
import { WAL_AUTOCHECKPOINT_PAGES } from './sqlite-connection';
import { prepareDayStats } from './sqlite-day-stats';
import { prepareHourlyCounts } from './sqlite-hourly-counts';
import { SQLITE_MIGRATIONS } from './sqlite-migrations';
import { statementCache } from './statement-cache';
import {
  type Change,
  type EventQuery,
  type EventUpdate,
  type InsertResult,
  type Store,
  VersionConflictError,
} from './store';

const OPEN_STATUSES = "('reported','accepted','registered','dispatched','handling','handled','verified')";

/** Page cache of the event store's connection (KiB). */
export const EVENT_STORE_CACHE_KIB = 16_000;

/** Opens (creating if needed) the SQLite database `file` in WAL mode and applies migrations. */
export function openSqliteStore(file: string): Store {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode survives a process crash (kill -9); only an OS crash may lose the last commits.
  db.pragma('synchronous = NORMAL');
  db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  db.pragma('busy_timeout = 5000');
  // The driver's default, said here: the events' hot pages (the newest rows and their indexes, the
  // open set) stay cached; other connections get less (sqlite-connection.ts says why it matters).
  db.pragma(`cache_size = -${EVENT_STORE_CACHE_KIB}`);
  migrate(db);

  // Positional parameters on the ingest path: binding by name costs a property lookup per column.
  const insertEvent = db.prepare(
    `INSERT OR IGNORE INTO events (id, status, category, micro_id, version, occurred_at, updated_at, payload)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const updateEvent = db.prepare(
    `UPDATE events SET status=@status, category=@category, micro_id=@micro, version=@version,
     occurred_at=@occurredAt, updated_at=@updatedAt, payload=@payload WHERE id=@id AND version=@expectedVersion`,
  );
  const insertChange = db.prepare('INSERT INTO changes (entity_id, at, payload) VALUES (?, ?, ?)');
  const insertTransition = db.prepare(
    `INSERT INTO transitions (event_id, action, from_status, to_status, actor, note, at)
     VALUES (@eventId, @action, @from, @to, @actor, @note, @at)`,
  );
  const insertReport = db.prepare(
    `INSERT INTO transitions (event_id, action, from_status, to_status, actor, note, at)
     VALUES (?, 'report', NULL, ?, ?, '', ?)`,
  );
  const selectTransitions = db.prepare(
    `SELECT event_id AS eventId, action, from_status AS "from", to_status AS "to", actor, note, at
     FROM transitions WHERE event_id = ? ORDER BY id`,
  );
  const selectEvent = db.prepare('SELECT payload FROM events WHERE id = ?').pluck();
  const selectOpen = db
    .prepare(`SELECT payload FROM events WHERE status IN ${OPEN_STATUSES} ORDER BY occurred_at DESC LIMIT ?`)
    .pluck();
  const selectChanges = db.prepare('SELECT seq, payload FROM changes WHERE seq > ? ORDER BY seq LIMIT ?');
  const selectMinSeq = db.prepare('SELECT MIN(seq) FROM changes').pluck();
  const selectMaxSeq = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'changes'").pluck();
  const deleteOld = db.prepare('DELETE FROM changes WHERE at < ? AND seq < (SELECT MAX(seq) FROM changes)');
  // Filtered lists build their SQL per call; each shape is prepared once.
  const prepareList = statementCache(db);

  const row = (e: GridEvent) => ({
    id: e.id,
    status: e.status,
    category: e.category,
    micro: e.grid?.micro ?? null,
    version: e.version,
    occurredAt: e.occurredAt,
    updatedAt: e.updatedAt,
    payload: JSON.stringify(e),
  });
  const logChange = (e: GridEvent, payload: string): Change => {
    const info = insertChange.run(e.id, e.updatedAt, payload);
    return { seq: Number(info.lastInsertRowid), event: e };
  };

  // One transaction per batch (an HTTP POST of up to 1,000), each event serialised once for both rows.
  const insertTx = db.transaction((events: GridEvent[]): InsertResult => {
    const changes: Change[] = [];
    const duplicates: string[] = [];
    for (const e of events) {
      const payload = JSON.stringify(e);
      const inserted = insertEvent.run(
        e.id,
        e.status,
        e.category,
        e.grid?.micro ?? null,
        e.version,
        e.occurredAt,
        e.updatedAt,
        payload,
      );
      if (inserted.changes === 0) {
        duplicates.push(e.id);
        continue;
      }
      insertReport.run(e.id, e.status, e.source, e.receivedAt);
      changes.push(logChange(e, payload));
    }
    return { changes, duplicates };
  });
  const updateTx = db.transaction((updates: EventUpdate[]): Change[] =>
    updates.map(({ event, expectedVersion, transition }) => {
      const r = row(event);
      if (updateEvent.run({ ...r, expectedVersion }).changes === 0) throw new VersionConflictError(event.id);
      insertTransition.run(transition);
      return logChange(event, r.payload);
    }),
  );

  const dayStats = prepareDayStats(db);
  const hourlyCounts = prepareHourlyCounts(db);
  const snapshotTx = db.transaction((limit: number) => ({
    seq: (selectMaxSeq.get() as number | undefined) ?? 0,
    events: (selectOpen.all(limit) as string[]).map((p) => JSON.parse(p) as GridEvent),
  }));

  return {
    insertEvents: async (events) => insertTx(events),
    updateEvents: async (updates) => updateTx(updates),
    getTransitions: async (eventId) => selectTransitions.all(eventId) as Transition[],
    getEvents: async (ids) =>
      ids.flatMap((id) => {
        const payload = selectEvent.get(id) as string | undefined;
        return payload ? [JSON.parse(payload) as GridEvent] : [];
      }),
    snapshot: async (limit) => snapshotTx(limit),
    changesSince: async (seq, limit) => {
      const minSeq = selectMinSeq.get() as number | null;
      const maxSeq = (selectMaxSeq.get() as number | undefined) ?? 0;
      if (seq >= maxSeq) return [];
      if (minSeq === null || seq < minSeq - 1) return null;
      return (selectChanges.all(seq, limit) as { seq: number; payload: string }[]).map((r) => ({
        seq: r.seq,
        event: JSON.parse(r.payload) as GridEvent,
      }));
    },
    currentSeq: async () => (selectMaxSeq.get() as number | undefined) ?? 0,
    pruneChanges: async (before) => deleteOld.run(before).changes,
    listEvents: async (query) => {
      const { where, params } = eventFilter(query);
      const sql = `SELECT payload FROM events ${where} ORDER BY occurred_at DESC, id LIMIT ?`;
      return (
        prepareList(sql)
          .pluck()
          .all(...params, query.limit) as string[]
      ).map((p) => JSON.parse(p) as GridEvent);
    },
    dayStats: async (from, to) => dayStats(from, to),
    hourlyCounts: async (from, to, district) => hourlyCounts(from, to, district),
    close: async () => {
      db.close();
    },
  };
}

/** A WHERE clause for `query`, with its parameters in order. Values are always bound, never spliced. */
function eventFilter(query: EventQuery): { where: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const any = (values: readonly unknown[]) => values.map(() => '?').join(',');
  if (query.ids) {
    clauses.push(`id IN (${any(query.ids)})`);
    params.push(...query.ids);
  }
  if (query.kinds) {
    // Subcategory lives in the payload only; filters are narrow enough that a scan of matches is fine.
    const pair = "(category = ? AND json_extract(payload, '$.subcategory') = ?)";
    clauses.push(query.kinds.length ? `(${query.kinds.map(() => pair).join(' OR ')})` : '0');
    for (const k of query.kinds) params.push(k.category, k.subcategory);
  }
  if (query.from !== undefined) {
    clauses.push('occurred_at >= ?');
    params.push(query.from);
  }
  if (query.to !== undefined) {
    clauses.push('occurred_at <= ?');
    params.push(query.to);
  }
  if (query.statuses) {
    clauses.push(`status IN (${any(query.statuses)})`);
    params.push(...query.statuses);
  }
  if (query.excludeKeyPerson) clauses.push("json_extract(payload, '$.keyPerson') = 0");
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  for (let v = version; v < SQLITE_MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(SQLITE_MIGRATIONS[v] as string);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
