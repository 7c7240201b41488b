/**
 * Schema migrations for the SQLite store, applied in order at start. Each entry moves the database
 * from user_version i to i + 1; never edit a released entry, append a new one.
 */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE events (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    category TEXT NOT NULL,
    micro_id TEXT,
    version INTEGER NOT NULL,
    occurred_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    payload TEXT NOT NULL
  ) STRICT;
  CREATE INDEX events_open ON events(status, occurred_at);
  CREATE INDEX events_micro ON events(micro_id);
  CREATE TABLE changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    entity_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    payload TEXT NOT NULL
  ) STRICT;
  CREATE INDEX changes_at ON changes(at);
  CREATE TABLE transitions (
    id INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL,
    action TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    actor TEXT NOT NULL,
    note TEXT NOT NULL,
    at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX transitions_event ON transitions(event_id, id);
  `,
  // 1 → 2: traffic pool rollups (server/traffic/traffic-store.ts), one row per resolution, area and bucket.
  `
  CREATE TABLE traffic_rollups (
    resolution INTEGER NOT NULL,
    scope TEXT NOT NULL,
    bucket INTEGER NOT NULL,
    tpi REAL,
    coverage REAL NOT NULL,
    parking_occupancy REAL,
    parking_free INTEGER,
    samples INTEGER NOT NULL,
    PRIMARY KEY (resolution, scope, bucket)
  ) STRICT, WITHOUT ROWID;
  `,
  // 2 → 3: early-warning alerts (server/alerts/sqlite-alert-store.ts): latest state, lifecycle, change seq.
  `
  CREATE TABLE alerts (
    id TEXT PRIMARY KEY,
    key TEXT NOT NULL,
    rule TEXT NOT NULL,
    status TEXT NOT NULL,
    level TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    payload TEXT NOT NULL
  ) STRICT;
  CREATE INDEX alerts_status ON alerts(status, updated_at);
  CREATE TABLE alert_transitions (
    id INTEGER PRIMARY KEY,
    alert_id TEXT NOT NULL,
    action TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    level TEXT NOT NULL,
    actor TEXT NOT NULL,
    note TEXT NOT NULL,
    at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX alert_transitions_alert ON alert_transitions(alert_id, id);
  CREATE TABLE alert_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    alert_id TEXT NOT NULL,
    at INTEGER NOT NULL
  ) STRICT;
  `,
  // 3 → 4: duty roster and response-plan instances (server/duty/duty-store.ts).
  `
  CREATE TABLE duty_roster (
    id INTEGER PRIMARY KEY,
    scope TEXT NOT NULL,
    role TEXT NOT NULL,
    name TEXT NOT NULL,
    phone TEXT NOT NULL,
    start_at INTEGER NOT NULL,
    end_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX duty_roster_time ON duty_roster(end_at, start_at);
  CREATE TABLE plan_instances (
    id TEXT PRIMARY KEY,
    alert_id TEXT NOT NULL UNIQUE,
    updated_at INTEGER NOT NULL,
    payload TEXT NOT NULL
  ) STRICT;
  `,
  // 4 → 5: the day's figures (GET /api/stats/today, evaluation) read transitions by time.
  `
  CREATE INDEX transitions_at ON transitions(at);
  `,
  // 5 → 6: GET /api/stats/today and /api/stats/hourly count a range's reports (action = 'report') and
  // closures (to_status = 'closed'): found by kind, then time, instead of every transition in the range.
  // Closures get a partial index: one on (to_status, at) would also match the day's "last 'handled' step
  // of this event" lookup, and without ANALYZE statistics SQLite picks it over transitions_event there.
  `
  CREATE INDEX transitions_action_at ON transitions(action, at);
  CREATE INDEX transitions_closed_at ON transitions(at) WHERE to_status = 'closed';
  `,
  // 6 → 7: no query finds events by micro-grid (lists filter by kind, status and time; a grid's counts
  // come from the live picture), and the index cost every report a B-tree insert.
  `
  DROP INDEX events_micro;
  `,
];
