import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteStore } from './sqlite-store';
import { describeStoreContract } from './store-contract';

describeStoreContract('SQLite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-test-'));
  return {
    open: async () => openSqliteStore(path.join(dir, 'db.sqlite')),
    cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
});
