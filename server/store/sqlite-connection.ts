import Database from 'better-sqlite3';

/**
 * A further connection to the app's SQLite file for a store that keeps its tables there (alerts, duty,
 * traffic), with the event store's durability: synchronous=NORMAL in WAL mode, so a process crash
 * loses nothing and only an OS crash may lose the last commits. Said here rather than left to the
 * driver: `synchronous` is per connection, and NORMAL is only better-sqlite3's build default in WAL
 * mode (SQLite's own is FULL, an fsync on every commit). The event store (openSqliteStore) must have
 * opened the file first: its migrations create every table, and `table` is checked to say so plainly.
 *
 * Each connection has its own page cache, and better-sqlite3 builds SQLite with 16 MB each
 * (SQLITE_DEFAULT_CACHE_SIZE=-16000), filled page by page as the connection touches them: with the
 * event store and three of these, up to 64 MB of the server's resident memory grew for an hour of load
 * before it levelled off. These stores write small tables at their ends and read by index, so
 * SECONDARY_CACHE_KIB is plenty; the event store keeps the larger cache (openSqliteStore).
 */
/** Page cache per secondary connection (KiB); a negative cache_size is in KiB. */
export const SECONDARY_CACHE_KIB = 2048;

/**
 * WAL pages after which a commit checkpoints them into the database file (SQLite's default is 1,000,
 * 4 MB). A stream of reports passes 4 MB every few thousand events, and the commit that passes it
 * copies the WAL into the file with an fsync before and after; at 10,000 pages (40 MB) the same pages
 * are copied by a tenth of the checkpoints. Set on every connection to the file: whichever commit
 * passes the mark checkpoints, an alert's as well as a report's.
 */
export const WAL_AUTOCHECKPOINT_PAGES = 10_000;

export function openSqliteConnection(file: string, table: string): Database.Database {
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  db.pragma(`cache_size = -${SECONDARY_CACHE_KIB}`);
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);
  if (!exists) {
    db.close();
    throw new Error(
      `${file} has no ${table} table: open it with openSqliteStore first (its migrations create every table)`,
    );
  }
  return db;
}
