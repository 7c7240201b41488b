import { openSyncPg, type SyncPg } from '../../server/scale/sync-pg';
import { pgTarget } from '../../server/store/pg-connection';
import { openPgStore } from '../../server/store/pg-store';
import { dropSchema, pgUrlFor, testSchemaName } from './services';

/**
 * A fresh, migrated PostgreSQL schema for one test and synchronous connections to it (as the stores
 * that sit behind synchronous interfaces use them). `cleanup` closes them and drops the schema.
 */
export async function syncPgSchema(): Promise<{ connect(): Promise<SyncPg>; cleanup(): Promise<void> }> {
  const schema = testSchemaName();
  const url = pgUrlFor(schema);
  // The PgStore's migrations create every table.
  await (await openPgStore(url, { max: 1 })).close();
  const open: SyncPg[] = [];
  return {
    async connect() {
      const db = openSyncPg(pgTarget(url).config);
      await db.ready();
      open.push(db);
      return db;
    },
    async cleanup() {
      await Promise.all(open.splice(0).map((db) => db.close()));
      await dropSchema(schema);
    },
  };
}
