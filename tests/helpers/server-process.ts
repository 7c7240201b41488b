import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { waitFor } from './test-server';

/** `server/main.ts` running as its own process, the way `npm run serve` runs it. */
export interface ServerProcess {
  child: ChildProcess;
  /** Base URL (`http://127.0.0.1:<port>`), read from the `wall:` line the server prints. */
  url: string;
  /** A session token for `admin` when the server has accounts (it wrote an admin password to DATA_DIR). */
  token: string | null;
  /** fetch() on this server, as `admin` when there is a token. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (or the signal's name) once the process is gone. */
  exited: Promise<number | string | null>;
  /** Sends `signal` and resolves when the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<number | string | null>;
}

/**
 * Spawns the server with `env` on top of the test's environment (PORT=0 unless given) and resolves once
 * it printed its wall URL. The child is killed if it does not come up within `timeoutMs`.
 */
export async function startServerProcess(
  env: Record<string, string>,
  timeoutMs = 30_000,
  options: {
    /** The admin password when DATA_DIR has none (instances sharing accounts: another one made it). */
    adminPassword?: () => string | null;
  } = {},
): Promise<ServerProcess> {
  let out = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  let done = false;
  const exited = new Promise<number | string | null>((resolve) =>
    child.on('exit', (code, signal) => {
      done = true;
      resolve(code ?? signal);
    }),
  );
  const stop = async (signal: NodeJS.Signals = 'SIGINT') => {
    if (!done) child.kill(signal);
    return exited;
  };
  try {
    await waitFor(
      () => done || /wall: +http:\/\/\S+\/wall/.test(out),
      `the server's wall URL in its output`,
      timeoutMs,
    );
  } catch (err) {
    await stop('SIGKILL');
    throw new Error(`${(err as Error).message}; output:\n${out}`);
  }
  const url = /wall: +(http:\/\/\S+?)\/wall/.exec(out)?.[1];
  if (done || !url) throw new Error(`the server exited before it was up; output:\n${out}`);
  let token: string | null;
  try {
    token = env.DATA_DIR ? await signInAsAdmin(url, env.DATA_DIR, options.adminPassword) : null;
  } catch (err) {
    await stop('SIGKILL');
    throw err;
  }
  const fetchAs = (p: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (token && !headers.has('authorization')) headers.set('authorization', `Bearer ${token}`);
    return fetch(`${url}${p}`, { ...init, headers });
  };
  return { child, url, token, fetch: fetchAs, output: () => out, exited, stop };
}

/**
 * Signs in as `admin` with the password the first start wrote into DATA_DIR and returns the session
 * token; null when the file is not there (a server without accounts).
 */
async function signInAsAdmin(
  url: string,
  dataDir: string,
  fallback?: () => string | null,
): Promise<string | null> {
  const file = path.join(dataDir, 'admin-password.txt');
  const password = fs.existsSync(file)
    ? /password: (\S+)/.exec(fs.readFileSync(file, 'utf8'))?.[1]
    : fallback?.();
  if (!password) return null;
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  });
  const token = /cb_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  if (res.status !== 200 || !token) throw new Error(`sign-in as admin failed: HTTP ${res.status}`);
  return token;
}
