import Database from 'better-sqlite3';
import type { PlanInstance } from '../../shared/domain/response-plan';
import type { RosterEntry } from '../../shared/domain/roster';

/** The duty roster and response-plan instances, in the app's SQLite file (migration 4). */
export interface DutyStore {
  /** Replaces the whole roster in one transaction: readers see the old one or the new one, never a mix. */
  replaceRoster(entries: readonly RosterEntry[]): void;
  /** Shifts that overlap [from, to). */
  roster(from: number, to: number): RosterEntry[];
  rosterSize(): number;
  savePlan(instance: PlanInstance): void;
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
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  const exists = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'duty_roster'")
    .get();
  if (!exists) {
    db.close();
    throw new Error(`${file} has no duty_roster table: open the main store first so its migrations run`);
  }
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
  const upsertPlan = db.prepare(
    `INSERT INTO plan_instances (id, alert_id, updated_at, payload) VALUES (@id, @alertId, @updatedAt, @payload)
     ON CONFLICT(id) DO UPDATE SET updated_at = excluded.updated_at, payload = excluded.payload`,
  );
  const selectPlan = db.prepare('SELECT payload FROM plan_instances WHERE id = ?').pluck();
  const selectPlanOfAlert = db.prepare('SELECT payload FROM plan_instances WHERE alert_id = ?').pluck();
  const selectPlans = db
    .prepare('SELECT payload FROM plan_instances ORDER BY updated_at DESC LIMIT ?')
    .pluck();
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
    savePlan: (p) =>
      upsertPlan.run({ id: p.id, alertId: p.alertId, updatedAt: p.updatedAt, payload: JSON.stringify(p) }),
    plan: (id) => parse(selectPlan.get(id)),
    planOfAlert: (alertId) => parse(selectPlanOfAlert.get(alertId)),
    plans: (limit) => (selectPlans.all(limit) as string[]).map((p) => JSON.parse(p) as PlanInstance),
    close: () => db.close(),
  };
}
