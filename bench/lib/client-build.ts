/**
 * Builds for the browser benchmarks: the client (dist/client, as `npm run build` makes it) and the
 * minimal deck.gl page that is the browser benchmark's baseline (bench/pages/minimal → dist/bench-minimal).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Builds the client when dist/client is missing or (full runs) older than client/ and shared/. */
export function ensureClientBuilt(quick: boolean, who: string): void {
  const index = root('dist/client/index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  // Quick mode (CI, where `npm test` has just built) takes any existing build.
  if (quick && built > 0) return;
  if (built > Math.max(newestMtime(root('client')), newestMtime(root('shared')))) return;
  console.log(`  ${who}: building the client (npx vite build)…`);
  // NODE_ENV=production whatever ours is: under vitest (the quick benchmarks' test) it is `test`, and
  // vite then builds React's development bundle (jsxDEV and its checks), several times slower.
  const r = spawnSync('npx', ['vite', 'build'], {
    cwd: root(''),
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (r.status !== 0) throw new Error(`vite build failed:\n${r.stdout}\n${r.stderr}`);
}

/** The URL prefix the minimal page is built for (the benchmark serves it there on the server's origin). */
export const MINIMAL_BASE = '/__bench/minimal/';

/** Builds the minimal deck.gl page when missing or older than its sources; returns its folder. */
export async function ensureMinimalPageBuilt(): Promise<string> {
  const out = root('dist/bench-minimal');
  const index = path.join(out, 'index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  if (built > newestMtime(root('bench/pages/minimal'))) return out;
  const { build } = await import('vite');
  await build({
    configFile: false,
    mode: 'production',
    root: root('bench/pages/minimal'),
    base: MINIMAL_BASE,
    logLevel: 'warn',
    build: { outDir: out, emptyOutDir: true, chunkSizeWarningLimit: 5000 },
  });
  return out;
}
