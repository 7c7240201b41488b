import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { responsibilityProblems } from '../../shared/domain/responsibilities';
import { buildResponsibilities } from './responsibilities';

/**
 * Writes data/longgang/responsibilities.json (or `--out DIR`), checked first, replaced atomically.
 * Usage: npx tsx data/generator/write-responsibilities.ts [--out data/longgang]
 */
const outIndex = process.argv.indexOf('--out');
const dir = outIndex > 0 ? process.argv[outIndex + 1]! : path.join('data', 'longgang');
const file = buildResponsibilities();
const problems = responsibilityProblems(file);
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
const target = path.join(dir, 'responsibilities.json');
writeFileSync(`${target}.tmp`, `${JSON.stringify(file, null, 2)}\n`);
renameSync(`${target}.tmp`, target);
console.log(
  `wrote ${target}: ${file.lists.map((l) => `${l.id} ${l.items.length}`).join(', ')}, routes ${file.routes.length}`,
);
