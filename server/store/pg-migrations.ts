/**
 * Schema migrations for the PostgreSQL store, applied in order at start under an advisory lock (so
 * instances starting together migrate once). Entry i moves the schema from version i to i + 1; never
 * edit a released entry, append a new one. Epoch-ms times are BIGINT; payloads are the event JSON as
 * text, returned byte for byte; the columns beside it exist only to filter and order.
 */
export const PG_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE events (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    category TEXT NOT NULL,
    subcategory TEXT NOT NULL,
    key_person BOOLEAN NOT NULL,
    micro_id TEXT,
    version INTEGER NOT NULL,
    occurred_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    payload TEXT NOT NULL
  );
  CREATE INDEX events_open ON events(status, occurred_at);
  CREATE INDEX events_occurred ON events(occurred_at DESC, id);
  CREATE INDEX events_micro ON events(micro_id);
  -- The one global change sequence: a single row, bumped inside each writing transaction. Its row
  -- lock orders writers, so seqs are gap-free and commit in seq order (a reader that sees seq n
  -- sees everything before n), which is what lets any instance resume any client.
  CREATE TABLE change_seq (
    id SMALLINT PRIMARY KEY CHECK (id = 1),
    value BIGINT NOT NULL
  );
  INSERT INTO change_seq (id, value) VALUES (1, 0);
  CREATE TABLE changes (
    seq BIGINT PRIMARY KEY,
    entity_id TEXT NOT NULL,
    at BIGINT NOT NULL,
    payload TEXT NOT NULL
  );
  CREATE INDEX changes_at ON changes(at);
  CREATE TABLE transitions (
    id BIGSERIAL PRIMARY KEY,
    event_id TEXT NOT NULL,
    action TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    actor TEXT NOT NULL,
    note TEXT NOT NULL,
    at BIGINT NOT NULL
  );
  CREATE INDEX transitions_event ON transitions(event_id, id);
  `,
  // 1 → 2: early-warning alerts shared by every instance (server/scale/pg-alert-store.ts).
  `
  CREATE TABLE alerts (
    id TEXT PRIMARY KEY,
    key TEXT NOT NULL,
    rule TEXT NOT NULL,
    status TEXT NOT NULL,
    level TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    payload TEXT NOT NULL
  );
  CREATE INDEX alerts_status ON alerts(status, updated_at);
  CREATE TABLE alert_transitions (
    id BIGSERIAL PRIMARY KEY,
    alert_id TEXT NOT NULL,
    action TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    level TEXT NOT NULL,
    actor TEXT NOT NULL,
    note TEXT NOT NULL,
    at BIGINT NOT NULL
  );
  CREATE INDEX alert_transitions_alert ON alert_transitions(alert_id, id);
  CREATE TABLE alert_changes (
    seq BIGSERIAL PRIMARY KEY,
    alert_id TEXT NOT NULL,
    at BIGINT NOT NULL
  );
  `,
  // 2 → 3: the day's figures read transitions by time.
  `
  CREATE INDEX transitions_at ON transitions(at);
  `,
  // 3 → 4: accounts, sessions, display tokens, API keys and the audit log, shared by every instance
  // (server/auth/pg-auth-store.ts). Secrets are stored only as SHA-256 hashes, passwords as scrypt.
  `
  CREATE TABLE users (
    id BIGSERIAL PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    district TEXT,
    disabled BOOLEAN NOT NULL DEFAULT false,
    created_at BIGINT NOT NULL
  );
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
  );
  CREATE TABLE display_tokens (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    scope TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
  );
  CREATE TABLE api_keys (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    permissions TEXT NOT NULL,
    sources TEXT NOT NULL,
    categories TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
  );
  CREATE TABLE audit_log (
    id BIGSERIAL PRIMARY KEY,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
  );
  `,
  // 4 → 5: the duty roster and response-plan instances (server/duty/duty-store.ts) and the traffic
  // rollups (server/traffic/traffic-store.ts), shared by every instance.
  `
  CREATE TABLE duty_roster (
    id BIGSERIAL PRIMARY KEY,
    scope TEXT NOT NULL,
    role TEXT NOT NULL,
    name TEXT NOT NULL,
    phone TEXT NOT NULL,
    start_at BIGINT NOT NULL,
    end_at BIGINT NOT NULL
  );
  CREATE INDEX duty_roster_time ON duty_roster(end_at, start_at);
  CREATE TABLE plan_instances (
    id TEXT PRIMARY KEY,
    alert_id TEXT NOT NULL UNIQUE,
    updated_at BIGINT NOT NULL,
    payload TEXT NOT NULL
  );
  CREATE INDEX plan_instances_updated ON plan_instances(updated_at);
  CREATE TABLE traffic_rollups (
    resolution INTEGER NOT NULL,
    scope TEXT NOT NULL,
    bucket BIGINT NOT NULL,
    tpi DOUBLE PRECISION,
    coverage DOUBLE PRECISION NOT NULL,
    parking_occupancy DOUBLE PRECISION,
    parking_free INTEGER,
    samples INTEGER NOT NULL,
    PRIMARY KEY (resolution, scope, bucket)
  );
  `,
  // 5 → 6: the day's and the hour's figures (dayStats, hourlyCounts) count a range's reports
  // (action = 'report') and closures (to_status = 'closed'): found by kind, then time (as SQLite's 5 → 6).
  `
  CREATE INDEX transitions_action_at ON transitions(action, at);
  CREATE INDEX transitions_closed_at ON transitions(at) WHERE to_status = 'closed';
  `,
  // 6 → 7: no query finds events by micro-grid (as SQLite's 6 → 7); the index cost every report an insert.
  `
  DROP INDEX events_micro;
  `,
];
