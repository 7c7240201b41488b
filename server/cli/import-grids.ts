/**
 * `npm run import -- <file> --level district|community|full|micro [--crs wgs84|gcj02|bd09]
 *   [--id-field id] [--parent-field parentId] [--name-field name] [--code-field code]
 *   [--data-dir data/longgang] [--tolerance 1] [--progress]`
 *
 * Replaces one grid level of a city's grids.topo.json with a GeoJSON file after validating it against
 * the rest of the hierarchy. On any problem it prints every one (feature id, kind, message) and exits 1
 * without touching the data; on success it writes a temp file and renames it over the old one.
 * Exit codes: 0 imported, 1 refused, 2 bad usage or unreadable input.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FeatureCollection } from 'geojson';
import type { Topology } from 'topojson-specification';
import type { Crs } from '../../shared/geo/gcj02';
import { type ImportOptions, importGridLevel } from '../geo/grid-import';

const USAGE =
  'usage: npm run import -- <file.geojson> --level district|community|full|micro [--crs wgs84|gcj02|bd09] [--id-field id] [--parent-field parentId] [--name-field name] [--code-field code] [--data-dir data/longgang] [--tolerance 1] [--progress]';

interface Args extends Omit<ImportOptions, 'onProgress'> {
  file: string;
  dataDir: string;
  progress: boolean;
}

/** Thrown for bad usage; main() turns it into exit code 2. */
class UsageError extends Error {}

function fail(message: string): never {
  throw new UsageError(`${message}\n${USAGE}`);
}

function parseArgs(argv: string[]): Args {
  const a: Partial<Args> & { progress: boolean } = { progress: false };
  const flags: Record<string, (v: string) => void> = {
    '--level': (v) => {
      if (!['district', 'community', 'full', 'micro'].includes(v)) fail(`unknown level "${v}"`);
      a.level = v as Args['level'];
    },
    '--crs': (v) => {
      if (!['wgs84', 'gcj02', 'bd09'].includes(v)) fail(`unknown crs "${v}"`);
      a.crs = v as Crs;
    },
    '--id-field': (v) => (a.idField = v),
    '--parent-field': (v) => (a.parentField = v),
    '--name-field': (v) => (a.nameField = v),
    '--code-field': (v) => (a.codeField = v),
    '--data-dir': (v) => (a.dataDir = v),
    '--tolerance': (v) => {
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0) fail(`bad tolerance "${v}"`);
      a.areaToleranceM2 = n;
    },
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--progress') a.progress = true;
    else if (flags[arg]) {
      const v = argv[++i];
      if (v === undefined) fail(`${arg} needs a value`);
      flags[arg](v);
    } else if (arg.startsWith('--')) fail(`unknown option ${arg}`);
    else if (a.file) fail(`unexpected argument ${arg}`);
    else a.file = arg;
  }
  if (!a.file) fail('missing input file');
  if (!a.level) fail('missing --level');
  return {
    file: a.file,
    level: a.level,
    crs: a.crs ?? 'wgs84',
    idField: a.idField ?? 'id',
    parentField: a.parentField ?? 'parentId',
    nameField: a.nameField ?? 'name',
    codeField: a.codeField ?? 'code',
    dataDir: a.dataDir ?? path.join('data', 'longgang'),
    areaToleranceM2: a.areaToleranceM2 ?? 1,
    progress: a.progress,
  };
}

/** A one-line bar on stderr, redrawn at most every 100 ms. */
function progressBar(enabled: boolean): ImportOptions['onProgress'] {
  if (!enabled) return undefined;
  let last = 0;
  return (phase, done, total) => {
    const now = Date.now();
    if (now - last < 100 && done < total) return;
    last = now;
    const frac = total > 0 ? Math.min(1, done / total) : 1;
    const bar = '#'.repeat(Math.round(frac * 30)).padEnd(30, '-');
    process.stderr.write(
      `\r${phase.padEnd(12)} [${bar}] ${String(Math.round(frac * 100)).padStart(3)}% ${done}/${total}`,
    );
  };
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const target = path.join(args.dataDir, 'grids.topo.json');
  let input: FeatureCollection;
  let current: Topology;
  try {
    input = JSON.parse(readFileSync(args.file, 'utf8')) as FeatureCollection;
    if (input?.type !== 'FeatureCollection' || !Array.isArray(input.features))
      throw new Error('not a GeoJSON FeatureCollection');
  } catch (e) {
    fail(`cannot read ${args.file}: ${(e as Error).message}`);
  }
  try {
    current = JSON.parse(readFileSync(target, 'utf8')) as Topology;
  } catch (e) {
    fail(`cannot read current grids ${target}: ${(e as Error).message}`);
  }
  const onProgress = progressBar(args.progress || process.stderr.isTTY === true);
  const result = importGridLevel(current, input, { ...args, onProgress });
  if (onProgress) process.stderr.write('\n');
  if (!result.ok) {
    const lines = result.problems.map((p) => `${p.featureId}: ${p.problem}: ${p.message}`);
    // exitCode rather than process.exit(): exit would cut off a long report still flushing to a pipe.
    process.stderr.write(
      `${lines.join('\n')}\nrefused: ${result.problems.length} problem(s); ${target} unchanged\n`,
    );
    process.exitCode = 1;
    return;
  }
  const tmp = `${target}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(result.topology)}\n`);
  renameSync(tmp, target);
  console.log(`imported ${result.count} ${args.level} grid(s) into ${target}`);
}

try {
  main();
} catch (e) {
  if (!(e instanceof UsageError)) throw e;
  process.stderr.write(`${e.message}\n`);
  process.exitCode = 2;
}
