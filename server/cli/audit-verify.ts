/**
 * `npm run audit:verify [-- --data-dir DIR | --database-url URL]`: recomputes the audit log's hash
 * chain (DATA_DIR/auth.sqlite, or the shared PostgreSQL when DATABASE_URL is set) and reports the first
 * broken link. Exit 0 intact, 1 broken, 2 no log found.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type AuthStore, openAuthStore } from '../auth/auth-store';
import { openPgAuthStore } from '../auth/pg-auth-store';
import { openPgStore } from '../store/pg-store';

const { values } = parseArgs({
  options: { 'data-dir': { type: 'string' }, 'database-url': { type: 'string' } },
  strict: true,
});
const databaseUrl = values['database-url'] ?? process.env.DATABASE_URL ?? '';
let store: AuthStore;
if (databaseUrl) {
  // Opening the PostgreSQL store applies any pending migrations (the accounts tables among them).
  await (await openPgStore(databaseUrl, { max: 1 })).close();
  store = await openPgAuthStore(databaseUrl);
} else {
  const dataDir = path.resolve(values['data-dir'] ?? process.env.DATA_DIR ?? './var');
  const file = path.join(dataDir, 'auth.sqlite');
  if (!fs.existsSync(file)) {
    console.error(`no audit log at ${file}`);
    process.exit(2);
  }
  store = openAuthStore(file);
}
const broken = store.verifyAudit();
const total = store.auditEntries(1)[0]?.id ?? 0;
store.close();
if (broken === null) {
  console.log(`audit log intact: ${total} entries, every link verified`);
} else {
  console.error(`audit log BROKEN at entry #${broken}: it or the one before it was changed after writing`);
  process.exit(1);
}
process.exit(0);
