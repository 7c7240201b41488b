import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSyncPg, type SyncPg } from '../../server/scale/sync-pg';
import { pgTarget } from '../../server/store/pg-connection';
import { openPgStore } from '../../server/store/pg-store';
import { openSqliteStore } from '../../server/store/sqlite-store';
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

/** Where a store contract suite opens its store: each `open()` is another connection on one database. */
export interface StoreBackend<S> {
  open(): Promise<S>;
  cleanup(): Promise<void>;
}

/** A temp SQLite file migrated by the main store, opened by `openStore` on each `open()`. */
export function sqliteBackend<S>(openStore: (file: string) => S): () => Promise<StoreBackend<S>> {
  return async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'city-brain-store-'));
    const file = path.join(dir, 'city-brain.sqlite');
    // The main store's migrations create the tables.
    await openSqliteStore(file).close();
    return {
      open: async () => openStore(file),
      cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  };
}

/** A fresh PostgreSQL schema (syncPgSchema), opened by `openStore` on a new connection each `open()`. */
export function pgBackend<S>(openStore: (db: SyncPg) => S): () => Promise<StoreBackend<S>> {
  return async () => {
    const schema = await syncPgSchema();
    return { open: async () => openStore(await schema.connect()), cleanup: () => schema.cleanup() };
  };
}
