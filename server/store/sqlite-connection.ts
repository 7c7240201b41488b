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

export function openSqliteConnection(file: string, table: string): Database.Database {
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
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
