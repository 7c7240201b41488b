import type Database from 'better-sqlite3';

/**
 * Prepared statements by SQL text, for queries written or built per call (credential lookups on every
 * request, filtered lists): preparing costs more than running a point lookup, and `prepare` alone took
 * 4 % of the server's CPU in the soak. The distinct texts are few (a filter's shape, not its values,
 * which are always bound); past `max` the cache starts over. A statement keeps the mode a call site
 * sets on it (`pluck()`), so one text must always be used the same way.
 */
export function statementCache(db: Database.Database, max = 200): (sql: string) => Database.Statement {
  const cache = new Map<string, Database.Statement>();
  return (sql) => {
    let statement = cache.get(sql);
    if (!statement) {
      if (cache.size >= max) cache.clear();
      statement = db.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
}
