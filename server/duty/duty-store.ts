import type { PlanInstance } from '../../shared/domain/response-plan';
import type { RosterEntry } from '../../shared/domain/roster';
import type { SyncPg } from '../scale/sync-pg';
import { openSqliteConnection } from '../store/sqlite-connection';

/**
 * The duty roster and response-plan instances: in the app's SQLite file (migration 4), or in the
 * shared PostgreSQL (openPgDutyStore) when several instances run. Contract tests: duty-store.test.ts.
 */
export interface DutyStore {
  /** Replaces the whole roster in one transaction: readers see the old one or the new one, never a mix. */
  replaceRoster(entries: readonly RosterEntry[]): void;
  /** Shifts that overlap [from, to). */
  roster(from: number, to: number): RosterEntry[];
  rosterSize(): number;
  /**
   * Stores an instance made from the stored one (its `version` one more), or a new one: false, and
   * nothing written, when the stored instance is not the one it was made from (another instance, or
   * another officer, changed it meanwhile: re-read and redo). A tick and a widening of the same plan
   * on two servers can then never overwrite each other.
   */
  savePlan(instance: PlanInstance): boolean;
  /**
   * `savePlan` for several instances in one transaction (a storm opens many plans at once); returns
   * those not written because the stored one had moved on.
   */
  savePlans(instances: readonly PlanInstance[]): PlanInstance[];
  plan(id: string): PlanInstance | null;
  planOfAlert(alertId: string): PlanInstance | null;
  /** Instances newest first. */
  plans(limit: number): PlanInstance[];
  close(): void;
}

/**
 * Opens the duty tables on a connection of its own. The main store must have opened the file first:
 * its migrations create the tables.
 */
export function openDutyStore(file: string): DutyStore {
  const db = openSqliteConnection(file, 'duty_roster');
  const insert = db.prepare(
    `INSERT INTO duty_roster (scope, role, name, phone, start_at, end_at)
     VALUES (@scope, @role, @name, @phone, @start, @end)`,
  );
  const clear = db.prepare('DELETE FROM duty_roster');
  const select = db.prepare(
    `SELECT scope, role, name, phone, start_at AS start, end_at AS "end" FROM duty_roster
     WHERE end_at > ? AND start_at < ? ORDER BY id`,
  );
  const count = db.prepare('SELECT COUNT(*) FROM duty_roster').pluck();
  // Written over the stored instance only when that is the version this one was made from.
  const upsertPlan = db.prepare(
    `INSERT INTO plan_instances (id, alert_id, updated_at, payload) VALUES (?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET updated_at = excluded.updated_at, payload = excluded.payload
     WHERE json_extract(plan_instances.payload, '$.version') = ?`,
  );
  const writePlan = (p: PlanInstance) =>
    upsertPlan.run(p.id, p.alertId, p.updatedAt, JSON.stringify(p), p.version - 1).changes === 1;
  const selectPlan = db.prepare('SELECT payload FROM plan_instances WHERE id = ?').pluck();
  const selectPlanOfAlert = db.prepare('SELECT payload FROM plan_instances WHERE alert_id = ?').pluck();
  const selectPlans = db
    .prepare('SELECT payload FROM plan_instances ORDER BY updated_at DESC LIMIT ?')
    .pluck();
  const savePlansTx = db.transaction((instances: readonly PlanInstance[]) =>
    instances.filter((p) => !writePlan(p)),
  );
  const replace = db.transaction((entries: readonly RosterEntry[]) => {
    clear.run();
    for (const e of entries) insert.run(e);
  });
  const parse = (payload: unknown) =>
    typeof payload === 'string' ? (JSON.parse(payload) as PlanInstance) : null;
  return {
    replaceRoster: (entries) => replace(entries),
    roster: (from, to) => select.all(from, to) as RosterEntry[],
    rosterSize: () => count.get() as number,
    savePlan: writePlan,
    savePlans: (instances) => savePlansTx(instances),
    plan: (id) => parse(selectPlan.get(id)),
    planOfAlert: (alertId) => parse(selectPlanOfAlert.get(alertId)),
    plans: (limit) => (selectPlans.all(limit) as string[]).map((p) => JSON.parse(p) as PlanInstance),
    close: () => db.close(),
  };
}

/** Written over the stored instance only when that is the version this one was made from; a row back when written. */
const UPSERT_PLAN = `INSERT INTO plan_instances (id, alert_id, updated_at, payload) VALUES ($1, $2, $3, $4)
  ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at, payload = excluded.payload
  WHERE (plan_instances.payload::jsonb ->> 'version')::int = $5
  RETURNING id`;
const planParams = (p: PlanInstance) => [p.id, p.alertId, p.updatedAt, JSON.stringify(p), p.version - 1];

/**
 * The duty store in the shared PostgreSQL (migration 5 of the PostgreSQL store, which must have run),
 * so every instance reads one roster and one set of plans. Synchronous like the SQLite store: each
 * call is one blocking round trip on a worker thread (server/scale/sync-pg.ts).
 */
export function openPgDutyStore(db: SyncPg): DutyStore {
  const payloads = (rows: { payload: string }[]) => rows.map((r) => JSON.parse(r.payload) as PlanInstance);
  return {
    replaceRoster(entries) {
      const column = <K extends keyof RosterEntry>(k: K) => entries.map((e) => e[k]);
      // One transaction: readers on any instance see the old roster or the new one, never a mix.
      db.transaction([
        { sql: 'DELETE FROM duty_roster' },
        {
          sql: `INSERT INTO duty_roster (scope, role, name, phone, start_at, end_at)
                SELECT scope, role, name, phone, start_at, end_at
                FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int8[], $6::int8[])
                  WITH ORDINALITY AS r(scope, role, name, phone, start_at, end_at, n)
                ORDER BY n`,
          params: [
            column('scope'),
            column('role'),
            column('name'),
            column('phone'),
            column('start'),
            column('end'),
          ],
        },
      ]);
    },
    roster: (from, to) =>
      db.query<RosterEntry>(
        `SELECT scope, role, name, phone, start_at AS start, end_at AS "end" FROM duty_roster
         WHERE end_at > $1 AND start_at < $2 ORDER BY id`,
        [from, to],
      ),
    rosterSize: () => db.query<{ n: number }>('SELECT count(*)::int8 AS n FROM duty_roster')[0]!.n,
    savePlan: (p) => db.query(UPSERT_PLAN, planParams(p)).length === 1,
    savePlans(instances) {
      if (instances.length === 0) return [];
      const rows = db.transaction(instances.map((p) => ({ sql: UPSERT_PLAN, params: planParams(p) })));
      return instances.filter((_, i) => rows[i]?.length !== 1);
    },
    plan: (id) => payloads(db.query('SELECT payload FROM plan_instances WHERE id = $1', [id]))[0] ?? null,
    planOfAlert: (alertId) =>
      payloads(db.query('SELECT payload FROM plan_instances WHERE alert_id = $1', [alertId]))[0] ?? null,
    plans: (limit) =>
      payloads(db.query('SELECT payload FROM plan_instances ORDER BY updated_at DESC LIMIT $1', [limit])),
    close: () => {
      void db.close();
    },
  };
}
