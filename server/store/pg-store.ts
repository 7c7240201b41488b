import pg from 'pg';
import type { GridEvent, Transition } from '../../shared/schemas/event';
import { changeChannel, pgTarget } from './pg-connection';
import { PG_MIGRATIONS } from './pg-migrations';
import { type Change, type EventQuery, type InsertResult, type Store, VersionConflictError } from './store';

const OPEN_STATUSES = "('reported','accepted','registered','dispatched','handling','handled','verified')";
/** Serialises migrations of one database across instances starting together. */
const MIGRATION_LOCK = 0x63620001;

export interface PgStoreOptions {
  /** Pool size per instance (default 10). */
  max?: number;
  /** Errors on idle pooled connections (the server went away); the pool replaces them. */
  onError?: (err: Error) => void;
}

/** A Store on PostgreSQL, with what the change feed and the leader lease need beside it. */
export interface PgStore extends Store {
  readonly schema: string;
  /** The NOTIFY channel carrying each commit's last seq. */
  readonly channel: string;
  readonly pool: pg.Pool;
}

/**
 * Opens the PostgreSQL store at `url` (postgres://…, optional `?schema=`), creating the schema and
 * applying migrations. Writers take the `change_seq` row lock first, so seqs are global, gap-free and
 * commit in order on every instance; each commit NOTIFYs its last seq on `channel`.
 */
export async function openPgStore(url: string, options: PgStoreOptions = {}): Promise<PgStore> {
  const { config, schema } = pgTarget(url);
  const pool = new pg.Pool({ ...config, max: options.max ?? 10 });
  pool.on('error', (err) => options.onError?.(err));
  try {
    await migrate(pool, schema);
  } catch (err) {
    await pool.end();
    throw err;
  }
  const channel = changeChannel(schema);

  /**
   * A pooled client for several statements. The pool only guards idle clients: a checked-out one whose
   * connection drops between statements emits 'error', which must not crash the process; the client is
   * then discarded instead of returned.
   */
  async function checkout(): Promise<{ client: pg.PoolClient; release: (err?: Error) => void }> {
    const client = await pool.connect();
    let dropped: Error | undefined;
    const onError = (err: Error) => {
      dropped = err;
    };
    client.on('error', onError);
    return {
      client,
      release: (err) => {
        client.removeListener('error', onError);
        client.release(err ?? dropped);
      },
    };
  }

  async function tx<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const { client, release } = await checkout();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackErr) {
        broken = rollbackErr as Error;
      }
      throw err;
    } finally {
      release(broken);
    }
  }

  /** Takes the sequence row lock; every writer does this first, so writers never deadlock. */
  const lockSeq = async (client: pg.PoolClient) =>
    (await client.query<{ value: number }>('SELECT value FROM change_seq WHERE id = 1 FOR UPDATE')).rows[0]!
      .value;

  /** Logs changes and transitions, moves the sequence and announces it, in one statement. */
  async function logChanges(
    client: pg.PoolClient,
    changes: { seq: number; event: GridEvent; payload: string }[],
    transitions: Transition[],
  ): Promise<void> {
    const last = changes[changes.length - 1];
    if (!last) return;
    await client.query(
      `WITH t AS (
         INSERT INTO transitions (event_id, action, from_status, to_status, actor, note, at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int8[])
       ), c AS (
         INSERT INTO changes (seq, entity_id, at, payload)
         SELECT * FROM unnest($8::int8[], $9::text[], $10::int8[], $11::text[])
       ), u AS (
         UPDATE change_seq SET value = $12 WHERE id = 1
       )
       SELECT pg_notify($13, $12::text)`,
      [
        transitions.map((t) => t.eventId),
        transitions.map((t) => t.action),
        transitions.map((t) => t.from),
        transitions.map((t) => t.to),
        transitions.map((t) => t.actor),
        transitions.map((t) => t.note),
        transitions.map((t) => t.at),
        changes.map((c) => c.seq),
        changes.map((c) => c.event.id),
        changes.map((c) => c.event.updatedAt),
        changes.map((c) => c.payload),
        last.seq,
        channel,
      ],
    );
  }

  const parse = (rows: { payload: string }[]) => rows.map((r) => JSON.parse(r.payload) as GridEvent);

  const store: PgStore = {
    schema,
    channel,
    pool,
    insertEvents: async (events) => {
      if (events.length === 0) return { changes: [], duplicates: [] };
      return tx(async (client): Promise<InsertResult> => {
        let seq = await lockSeq(client);
        const payloads = events.map((e) => JSON.stringify(e));
        const inserted = await client.query<{ id: string }>(
          `INSERT INTO events (id, status, category, subcategory, key_person, micro_id, version, occurred_at, updated_at, payload)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bool[], $6::text[],
                                $7::int4[], $8::int8[], $9::int8[], $10::text[])
           ON CONFLICT (id) DO NOTHING RETURNING id`,
          [
            events.map((e) => e.id),
            events.map((e) => e.status),
            events.map((e) => e.category),
            events.map((e) => e.subcategory),
            events.map((e) => e.keyPerson),
            events.map((e) => e.grid?.micro ?? null),
            events.map((e) => e.version),
            events.map((e) => e.occurredAt),
            events.map((e) => e.updatedAt),
            payloads,
          ],
        );
        const fresh = new Set(inserted.rows.map((r) => r.id));
        const logged: { seq: number; event: GridEvent; payload: string }[] = [];
        const transitions: Transition[] = [];
        const duplicates: string[] = [];
        events.forEach((e, i) => {
          // A second copy of an id within one batch is a duplicate too (as in SQLite: first one wins).
          if (!fresh.delete(e.id)) {
            duplicates.push(e.id);
            return;
          }
          logged.push({ seq: ++seq, event: e, payload: payloads[i]! });
          transitions.push({
            eventId: e.id,
            action: 'report',
            from: null,
            to: e.status,
            actor: e.source,
            note: '',
            at: e.receivedAt,
          });
        });
        await logChanges(client, logged, transitions);
        return { changes: logged.map(({ seq, event }) => ({ seq, event })), duplicates };
      });
    },
    updateEvents: async (updates) => {
      if (updates.length === 0) return [];
      return tx(async (client): Promise<Change[]> => {
        let seq = await lockSeq(client);
        const logged: { seq: number; event: GridEvent; payload: string }[] = [];
        for (const { event, expectedVersion } of updates) {
          const payload = JSON.stringify(event);
          const result = await client.query(
            `UPDATE events SET status=$2, category=$3, subcategory=$4, key_person=$5, micro_id=$6, version=$7,
               occurred_at=$8, updated_at=$9, payload=$10 WHERE id=$1 AND version=$11`,
            [
              event.id,
              event.status,
              event.category,
              event.subcategory,
              event.keyPerson,
              event.grid?.micro ?? null,
              event.version,
              event.occurredAt,
              event.updatedAt,
              payload,
              expectedVersion,
            ],
          );
          if (result.rowCount === 0) throw new VersionConflictError(event.id);
          logged.push({ seq: ++seq, event, payload });
        }
        await logChanges(
          client,
          logged,
          updates.map((u) => u.transition),
        );
        return logged.map(({ seq, event }) => ({ seq, event }));
      });
    },
    getEvents: async (ids) => {
      if (ids.length === 0) return [];
      const { rows } = await pool.query<{ id: string; payload: string }>(
        'SELECT id, payload FROM events WHERE id = ANY($1::text[])',
        [ids],
      );
      const byId = new Map(rows.map((r) => [r.id, r.payload]));
      return ids.flatMap((id) => {
        const payload = byId.get(id);
        return payload ? [JSON.parse(payload) as GridEvent] : [];
      });
    },
    getTransitions: async (eventId) =>
      (
        await pool.query<Transition>(
          `SELECT event_id AS "eventId", action, from_status AS "from", to_status AS "to", actor, note, at
           FROM transitions WHERE event_id = $1 ORDER BY id`,
          [eventId],
        )
      ).rows,
    snapshot: async (limit) => {
      const { client, release } = await checkout();
      let broken: Error | undefined;
      try {
        // One snapshot of the database for both reads: the seq and the events agree.
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const seq = (await client.query<{ value: number }>('SELECT value FROM change_seq WHERE id = 1'))
          .rows[0]!.value;
        const { rows } = await client.query<{ payload: string }>(
          `SELECT payload FROM events WHERE status IN ${OPEN_STATUSES} ORDER BY occurred_at DESC, id LIMIT $1`,
          [limit],
        );
        await client.query('COMMIT');
        return { seq, events: parse(rows) };
      } catch (err) {
        broken = err as Error;
        throw err;
      } finally {
        release(broken);
      }
    },
    changesSince: async (seq, limit) => {
      const bounds = (
        await pool.query<{ max: number; min: number | null }>(
          'SELECT (SELECT value FROM change_seq WHERE id = 1) AS max, (SELECT min(seq) FROM changes) AS min',
        )
      ).rows[0]!;
      if (seq >= bounds.max) return [];
      if (bounds.min === null || seq < bounds.min - 1) return null;
      const { rows } = await pool.query<{ seq: number; payload: string }>(
        'SELECT seq, payload FROM changes WHERE seq > $1 ORDER BY seq LIMIT $2',
        [seq, limit],
      );
      return rows.map((r) => ({ seq: r.seq, event: JSON.parse(r.payload) as GridEvent }));
    },
    currentSeq: async () =>
      (await pool.query<{ value: number }>('SELECT value FROM change_seq WHERE id = 1')).rows[0]!.value,
    pruneChanges: async (before) =>
      (
        await pool.query('DELETE FROM changes WHERE at < $1 AND seq < (SELECT max(seq) FROM changes)', [
          before,
        ])
      ).rowCount ?? 0,
    listEvents: async (query) => {
      const { where, params } = eventFilter(query);
      params.push(query.limit);
      const { rows } = await pool.query<{ payload: string }>(
        `SELECT payload FROM events ${where} ORDER BY occurred_at DESC, id LIMIT $${params.length}`,
        params,
      );
      return parse(rows);
    },
    dayStats: async (from, to) => {
      // As the SQLite store: from the transitions log; a closed event's hand-back is its last 'handled'.
      const { rows } = await pool.query<{
        reported: number;
        reportedClosed: number;
        closed: number;
        avgMs: number | null;
      }>(
        `SELECT
           (SELECT count(*) FROM transitions t JOIN events e ON e.id = t.event_id
             WHERE t.action = 'report' AND t.at >= $1 AND t.at < $2)::int8 AS reported,
           (SELECT count(*) FILTER (WHERE e.status = 'closed') FROM transitions t JOIN events e ON e.id = t.event_id
             WHERE t.action = 'report' AND t.at >= $1 AND t.at < $2)::int8 AS "reportedClosed",
           (SELECT count(*) FROM transitions c WHERE c.to_status = 'closed' AND c.at >= $1 AND c.at < $2)::int8 AS closed,
           (SELECT avg((SELECT max(h.at) FROM transitions h WHERE h.event_id = c.event_id AND h.to_status = 'handled')
                       - (e.payload::jsonb ->> 'dispatchedAt')::int8)::float8
              FROM transitions c JOIN events e ON e.id = c.event_id
             WHERE c.to_status = 'closed' AND c.at >= $1 AND c.at < $2) AS "avgMs"`,
        [from, to],
      );
      const r = rows[0]!;
      return {
        reported: r.reported,
        reportedClosed: r.reportedClosed,
        closed: r.closed,
        avgHandlingMs: r.avgMs === null ? null : Math.round(r.avgMs),
      };
    },
    hourlyCounts: async (from, to, district) => {
      // As the SQLite store: reports by receipt time ('report' transitions) per category and hour bucket.
      const { rows } = await pool.query<{ category: string; bucket: number; count: number }>(
        `SELECT e.category AS category, ((t.at - $1) / 3600000)::int4 AS bucket, count(*)::int4 AS count
         FROM transitions t JOIN events e ON e.id = t.event_id
         WHERE t.action = 'report' AND t.at >= $1 AND t.at < $2
           AND ($3::text IS NULL OR e.payload::jsonb -> 'grid' ->> 'district' = $3)
         GROUP BY e.category, bucket`,
        [from, to, district ?? null],
      );
      return rows;
    },
    close: async () => {
      await pool.end();
    },
  };
  return store;
}

/** A WHERE clause for `query` with $n placeholders, values always bound. */
function eventFilter(query: EventQuery): { where: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const bind = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (query.ids) clauses.push(`id = ANY(${bind(query.ids)}::text[])`);
  if (query.kinds) {
    const pairs = query.kinds.map(
      (k) => `(category = ${bind(k.category)} AND subcategory = ${bind(k.subcategory)})`,
    );
    clauses.push(pairs.length ? `(${pairs.join(' OR ')})` : 'false');
  }
  if (query.from !== undefined) clauses.push(`occurred_at >= ${bind(query.from)}`);
  if (query.to !== undefined) clauses.push(`occurred_at <= ${bind(query.to)}`);
  if (query.statuses) clauses.push(`status = ANY(${bind(query.statuses)}::text[])`);
  if (query.excludeKeyPerson) clauses.push('NOT key_person');
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

async function migrate(pool: pg.Pool, schema: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_version (id SMALLINT PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)',
      );
      await client.query(
        'INSERT INTO schema_version (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING',
      );
      const version = (await client.query<{ version: number }>('SELECT version FROM schema_version')).rows[0]!
        .version;
      for (let v = version; v < PG_MIGRATIONS.length; v++) {
        await client.query('BEGIN');
        try {
          await client.query(PG_MIGRATIONS[v] as string);
          await client.query('UPDATE schema_version SET version = $1', [v + 1]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw err;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}
