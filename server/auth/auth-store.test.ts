import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dropSchema, pgUrlFor, servicesAvailable, testSchemaName } from '../../tests/helpers/services';
import { openPgStore } from '../store/pg-store';
import { openAuthStore } from './auth-store';
import { describeAuthStoreContract } from './auth-store-contract';
import { openPgAuthStore } from './pg-auth-store';

/** Temp directories made by one test, removed by its cleanup. */
function tempDirs() {
  const dirs: string[] = [];
  return {
    make: () => {
      const d = fs.mkdtempSync(path.join(os.tmpdir(), 'city-brain-auth-'));
      dirs.push(d);
      return d;
    },
    remove: () => {
      for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
    },
  };
}

describeAuthStoreContract('SQLite', async () => {
  const dirs = tempDirs();
  const dir = dirs.make();
  return {
    open: async () => openAuthStore(path.join(dir, 'auth.sqlite')),
    dataDir: () => dirs.make(),
    cleanup: async () => dirs.remove(),
  };
});

const up = await servicesAvailable('the PostgreSQL auth store contract tests', ['postgres']);

describeAuthStoreContract(
  'PostgreSQL',
  async () => {
    const dirs = tempDirs();
    const schema = testSchemaName();
    const url = pgUrlFor(schema);
    // The PgStore's migrations create the tables.
    await (await openPgStore(url, { max: 1 })).close();
    return {
      open: async () => openPgAuthStore(url),
      dataDir: () => dirs.make(),
      cleanup: async () => {
        dirs.remove();
        await dropSchema(schema);
      },
    };
  },
  { enabled: up, shared: true },
);
