import type { AlertUpdate } from '../../shared/rules/alert-book';
import type { Alert, AlertChange, AlertTransition } from '../../shared/schemas/alert';
import { openSqliteConnection } from '../store/sqlite-connection';
import { statementCache } from '../store/statement-cache';
import type { AlertQuery, AlertStore } from './alert-store';

/**
 * Opens the alert tables in the app's SQLite file on a connection of its own. The main store
 * (openSqliteStore) must have opened the file first: its migrations create the tables (migration 3).
 */
export function openSqliteAlertStore(file: string): AlertStore {
  const db = openSqliteConnection(file, 'alerts');
  const upsert = db.prepare(
    `INSERT INTO alerts (id, key, rule, status, level, updated_at, payload)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET status=excluded.status, level=excluded.level,
       updated_at=excluded.updated_at, payload=excluded.payload`,
  );
  const insertTransition = db.prepare(
    `INSERT INTO alert_transitions (alert_id, action, from_status, to_status, level, actor, note, at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertChange = db.prepare('INSERT INTO alert_changes (alert_id, at) VALUES (?, ?)');
  const selectOne = db.prepare('SELECT payload FROM alerts WHERE id = ?').pluck();
  const selectTransitions = db.prepare(
    `SELECT alert_id AS alertId, action, from_status AS "from", to_status AS "to", level, actor, note, at
     FROM alert_transitions WHERE alert_id = ? ORDER BY id`,
  );
  const selectOpen = db
    .prepare("SELECT payload FROM alerts WHERE status != 'closed' ORDER BY updated_at")
    .pluck();
  const selectSeq = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'alert_changes'").pluck();
  const selectMaxId = db
    .prepare("SELECT MAX(CAST(SUBSTR(id, 3) AS INTEGER)) FROM alerts WHERE id LIKE 'AL%'")
    .pluck();

  // One transaction per evaluation pass; positional parameters (binding by name costs a lookup each).
  const saveTx = db.transaction((updates: readonly AlertUpdate[]): AlertChange[] =>
    updates.map(({ alert, transition }) => {
      upsert.run(
        alert.id,
        alert.key,
        alert.rule,
        alert.status,
        alert.level,
        alert.updatedAt,
        JSON.stringify(alert),
      );
      if (transition) {
        const t = transition;
        insertTransition.run(t.alertId, t.action, t.from, t.to, t.level, t.actor, t.note, t.at);
      }
      const seq = Number(insertChange.run(alert.id, alert.updatedAt).lastInsertRowid);
      return { seq, alert, transition: transition ?? implicitTransition(alert) };
    }),
  );
  // Filtered lists build their SQL per call; each shape is prepared once.
  const prepareList = statementCache(db);
  const parse = (rows: unknown[]) => (rows as string[]).map((p) => JSON.parse(p) as Alert);

  return {
    save: (updates) => (updates.length ? saveTx(updates) : []),
    get: (id) => {
      const payload = selectOne.get(id) as string | undefined;
      return payload ? (JSON.parse(payload) as Alert) : null;
    },
    transitions: (alertId) => selectTransitions.all(alertId) as AlertTransition[],
    list: (query: AlertQuery) => {
      const clauses: string[] = [];
      const params: unknown[] = [];
      const any = (column: string, values?: readonly string[]) => {
        if (!values) return;
        clauses.push(values.length ? `${column} IN (${values.map(() => '?').join(',')})` : '0');
        params.push(...values);
      };
      any('status', query.statuses);
      any('rule', query.rules);
      any('level', query.levels);
      const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
      const sql = `SELECT payload FROM alerts ${where} ORDER BY updated_at DESC, id DESC LIMIT ?`;
      return parse(
        prepareList(sql)
          .pluck()
          .all(...params, query.limit),
      );
    },
    open: () => parse(selectOpen.all()),
    currentSeq: () => (selectSeq.get() as number | undefined) ?? 0,
    maxIdNumber: () => (selectMaxId.get() as number | null) ?? 0,
    close: () => db.close(),
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
