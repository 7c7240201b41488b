/**
 * `npm run audit:verify [-- --data-dir DIR]`: recomputes the audit log's hash chain (DATA_DIR/auth.sqlite)
 * and reports the first broken link. Exit 0 intact, 1 broken, 2 no log found.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openAuthStore } from '../auth/auth-store';

const { values } = parseArgs({ options: { 'data-dir': { type: 'string' } }, strict: true });
const dataDir = path.resolve(values['data-dir'] ?? process.env.DATA_DIR ?? './var');
const file = path.join(dataDir, 'auth.sqlite');
if (!fs.existsSync(file)) {
  console.error(`no audit log at ${file}`);
  process.exit(2);
}
const store = openAuthStore(file);
const broken = store.verifyAudit();
const total = store.auditEntries(1)[0]?.id ?? 0;
store.close();
if (broken === null) {
  console.log(`audit log intact: ${total} entries, every link verified`);
} else {
  console.error(`audit log BROKEN at entry #${broken}: it or the one before it was changed after writing`);
  process.exit(1);
}
