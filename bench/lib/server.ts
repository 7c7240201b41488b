/**
 * The real server as a child process for load benchmarks (`server/main.ts`, as `npm run serve` runs
 * it): simulator off, a fresh temp DATA_DIR, warnings-only logging, the ingest rate limit raised (this
 * is one client IP sending far more than 6,000 requests a minute). Optionally CPU-profiled
 * (`--cpu-prof`, which NODE_OPTIONS refuses, hence our own spawn rather than tests/helpers/server-process,
 * which would also load the whole app into the benchmark's process).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cpuSecondsOf, rssBytesOf } from './proc';

/** A server child process started for a benchmark. */
export interface BenchServer {
  url: string;
  pid: number;
  /** An admin session token (Bearer). */
  admin: string;
  /** The default wall's display token (live:read, personal data masked). */
  wall: string;
  child: ChildProcess;
  /** fetch() on the server as the admin. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  cpuSeconds(): number;
  rssBytes(): number;
  /** Creates an API key with `permissions` and returns its token. */
  apiKey(name: string, permissions: ('events:ingest' | 'metrics:read')[]): Promise<string>;
  /** Stops the server (SIGINT, graceful); resolves with the exit time (performance.now()). */
  stop(): Promise<number>;
  /** The directory `--cpu-prof` writes to, when profiled. */
  profileDir: string | null;
}

/** Options for {@link startBenchServer}. */
export interface BenchServerOptions {
  /** Run under `--cpu-prof` (the profile lands in {@link BenchServer.profileDir}). */
  profile?: boolean;
  /**
   * Soak only: `--expose-gc` plus BENCH_EXPOSE_GC=1, so that each /metrics scrape runs a full GC first
   * and reports what survived as `citybrain_bench_after_gc_bytes` (server/observability/bench-gc.ts).
   */
  exposeGc?: boolean;
  /** Extra node flags (e.g. `--heapsnapshot-signal=SIGUSR2` to diagnose a leak). */
  nodeArgs?: string[];
  /** Files written into the fresh DATA_DIR before the server starts, by name (e.g. a `rules.json` override). */
  files?: Record<string, string>;
}

/** Starts the server child with `env` on top of the benchmark defaults; rejects if it is not up in 60 s. */
export async function startBenchServer(
  env: Record<string, string> = {},
  opts: BenchServerOptions = {},
): Promise<BenchServer> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'city-brain-bench-'));
  const profileDir = opts.profile ? path.join(dataDir, 'profile') : null;
  if (profileDir) mkdirSync(profileDir);
  for (const [name, text] of Object.entries(opts.files ?? {})) writeFileSync(path.join(dataDir, name), text);
  const child = spawn(
    process.execPath,
    [
      ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
      ...(opts.exposeGc ? ['--expose-gc'] : []),
      ...(opts.nodeArgs ?? []),
      '--import',
      'tsx',
      'server/main.ts',
    ],
    {
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        SIM: 'off',
        // Benchmarks with the simulator on measure what they feed, not a replayed history.
        SIM_HISTORY_HOURS: '0',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        INGEST_RATE_LIMIT_PER_MIN: '100000000',
        ...(opts.exposeGc ? { BENCH_EXPOSE_GC: '1' } : {}),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  // A benchmark that ends without stopping its server (an exception, `process.exit`) must not leave
  // it running: a leftover server shares the cores with every later run and skews its figures.
  const killOnExit = () => {
    child.kill('SIGKILL');
    if (!profileDir) rmSync(dataDir, { recursive: true, force: true });
  };
  process.on('exit', killOnExit);
  let exitedAt: number | null = null;
  const exited = new Promise<number>((resolve) =>
    child.on('exit', () => {
      process.off('exit', killOnExit);
      exitedAt = performance.now();
      resolve(exitedAt);
    }),
  );
  const stop = async (): Promise<number> => {
    if (exitedAt === null) child.kill('SIGINT');
    const at = await exited;
    if (!profileDir) rmSync(dataDir, { recursive: true, force: true });
    return at;
  };
  const started = performance.now();
  while (!/wall: +http:\/\/\S+/.test(out)) {
    if (exitedAt !== null || performance.now() - started > 60_000) {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
      throw new Error(`bench server did not come up; output:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const m = /wall: +(http:\/\/\S+?)\/wall\?token=(\S+)/.exec(out);
  if (!m) {
    await stop();
    throw new Error(`bench server printed no wall URL with a token; output:\n${out}`);
  }
  const url = m[1]!;
  const password = /password: (\S+)/.exec(
    readFileSync(path.join(dataDir, 'admin-password.txt'), 'utf8'),
  )?.[1];
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  });
  const admin = /cb_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1];
  if (login.status !== 200 || !admin) {
    await stop();
    throw new Error(`bench server: admin sign-in failed (HTTP ${login.status})`);
  }
  const pid = child.pid ?? -1;
  const fetchAs = (p: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (!headers.has('authorization')) headers.set('authorization', `Bearer ${admin}`);
    return fetch(`${url}${p}`, { ...init, headers });
  };
  return {
    url,
    pid,
    admin,
    wall: m[2]!,
    child,
    profileDir,
    fetch: fetchAs,
    cpuSeconds: () => cpuSecondsOf(pid),
    rssBytes: () => rssBytesOf(pid),
    apiKey: async (name, permissions) => {
      const res = await fetchAs('/api/api-keys', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, permissions }),
      });
      if (res.status !== 201) throw new Error(`creating an API key: HTTP ${res.status} ${await res.text()}`);
      return ((await res.json()) as { token: string }).token;
    },
    stop,
  };
}

/** Removes a profiled server's DATA_DIR once its profile has been read. */
export function removeServerDir(server: BenchServer): void {
  if (server.profileDir) rmSync(path.dirname(server.profileDir), { recursive: true, force: true });
}
