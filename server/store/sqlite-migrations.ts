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
];
