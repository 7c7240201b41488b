import type { AlertUpdate } from '../../shared/rules/alert-book';
import type { Alert, AlertChange, AlertTransition } from '../../shared/schemas/alert';
import type { AlertQuery, AlertStore } from '../alerts/alert-store';
import type { SyncPg, SyncStatement } from './sync-pg';

/** The leader's lease session, which every alert write checks it still is. */
export interface AlertFence {
  /** The backend pid of the session holding the leader lock, or null when not leading. */
  pid(): number | null;
  key: number;
}

/**
 * The alert store in the shared PostgreSQL (migration 2 of the PostgreSQL store), so that a new
 * leader starts from the alerts the old one raised and raises none of them again. The AlertStore
 * interface is synchronous; each call is one blocking round trip (sync-pg.ts). Every save first
 * checks, in its own transaction, that the leader's lease session still holds the lock: a deposed
 * leader that has not noticed yet writes nothing.
 */
export function openPgAlertStore(db: SyncPg, fence: AlertFence): AlertStore {
  const parse = (rows: { payload: string }[]) => rows.map((r) => JSON.parse(r.payload) as Alert);
  return {
    save: (updates: readonly AlertUpdate[]): AlertChange[] => {
      if (updates.length === 0) return [];
      const pid = fence.pid();
      if (pid === null)
        throw new Error('alerts are written by the leader only, and this instance does not lead');
      const statements: SyncStatement[] = [
        {
          sql: `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = $1
                AND classid = 0 AND objid = $2 AND objsubid = 1`,
          params: [pid, fence.key],
          expectRows: 'this instance lost the leader lock: alert changes not written',
        },
      ];
      // One statement per table whatever the number of updates (each is a round trip that blocks the
      // event loop): the latest state of each alert, the lifecycle steps and one change per update.
      const latest = new Map(updates.map(({ alert }) => [alert.id, alert]));
      const alerts = [...latest.values()];
      statements.push({
        sql: `INSERT INTO alerts (id, key, rule, status, level, updated_at, payload)
              SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int8[], $7::text[])
              ON CONFLICT (id) DO UPDATE SET status = excluded.status, level = excluded.level,
                updated_at = excluded.updated_at, payload = excluded.payload`,
        params: [
          alerts.map((a) => a.id),
          alerts.map((a) => a.key),
          alerts.map((a) => a.rule),
          alerts.map((a) => a.status),
          alerts.map((a) => a.level),
          alerts.map((a) => a.updatedAt),
          alerts.map((a) => JSON.stringify(a)),
        ],
      });
      const steps = updates.flatMap(({ transition }) => (transition ? [transition] : []));
      if (steps.length > 0) {
        statements.push({
          sql: `INSERT INTO alert_transitions (alert_id, action, from_status, to_status, level, actor, note, at)
                SELECT alert_id, action, from_status, to_status, level, actor, note, at
                FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                  $8::int8[]) WITH ORDINALITY AS t(alert_id, action, from_status, to_status, level, actor, note, at, n)
                ORDER BY n`,
          params: [
            steps.map((t) => t.alertId),
            steps.map((t) => t.action),
            steps.map((t) => t.from),
            steps.map((t) => t.to),
            steps.map((t) => t.level),
            steps.map((t) => t.actor),
            steps.map((t) => t.note),
            steps.map((t) => t.at),
          ],
        });
      }
      // Seqs are handed out in insertion order, which follows the updates' order (ORDER BY n).
      statements.push({
        sql: `INSERT INTO alert_changes (alert_id, at)
              SELECT alert_id, at FROM unnest($1::text[], $2::int8[]) WITH ORDINALITY AS c(alert_id, at, n)
              ORDER BY n RETURNING seq`,
        params: [updates.map(({ alert }) => alert.id), updates.map(({ alert }) => alert.updatedAt)],
      });
      const results = db.transaction(statements);
      const seqs = (results.at(-1) as { seq: number }[]).map((r) => r.seq).sort((a, b) => a - b);
      return updates.map(({ alert, transition }, i) => ({
        seq: seqs[i]!,
        alert,
        transition: transition ?? implicitTransition(alert),
      }));
    },
    get: (id) =>
      parse(db.query<{ payload: string }>('SELECT payload FROM alerts WHERE id = $1', [id]))[0] ?? null,
    transitions: (alertId) =>
      db.query<AlertTransition>(
        `SELECT alert_id AS "alertId", action, from_status AS "from", to_status AS "to", level, actor, note, at
         FROM alert_transitions WHERE alert_id = $1 ORDER BY id`,
        [alertId],
      ),
    list: (query: AlertQuery) => {
      const clauses: string[] = [];
      const params: unknown[] = [];
      const any = (column: string, values?: readonly string[]) => {
        if (!values) return;
        params.push(values);
        clauses.push(`${column} = ANY($${params.length}::text[])`);
      };
      any('status', query.statuses);
      any('rule', query.rules);
      any('level', query.levels);
      params.push(query.limit);
      const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
      return parse(
        db.query(
          `SELECT payload FROM alerts ${where} ORDER BY updated_at DESC, id DESC LIMIT $${params.length}`,
          params,
        ),
      );
    },
    open: () => parse(db.query("SELECT payload FROM alerts WHERE status != 'closed' ORDER BY updated_at")),
    currentSeq: () =>
      db.query<{ seq: number }>('SELECT coalesce(max(seq), 0)::int8 AS seq FROM alert_changes')[0]!.seq,
    maxIdNumber: () =>
      db.query<{ n: number }>(
        "SELECT coalesce(max(substr(id, 3)::int8), 0)::int8 AS n FROM alerts WHERE id ~ '^AL[0-9]+$'",
      )[0]!.n,
    close: () => {
      void db.close();
    },
  };
}

/** A count or clearing update has no lifecycle step; the broadcast still says what the alert is. */
function implicitTransition(alert: Alert): AlertTransition {
  return {
    alertId: alert.id,
    action: 'update',
    from: alert.status,
    to: alert.status,
    level: alert.level,
    actor: 'rules',
    note: '',
    at: alert.updatedAt,
  };
}
