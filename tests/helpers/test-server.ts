import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { io, type Socket } from 'socket.io-client';
import { buildApp } from '../../server/app';
import { type Config, loadConfig } from '../../server/config';
import type { ClientToServerEvents, ServerToClientEvents, SocketAuth } from '../../shared/protocol';

export interface TestServer {
  app: FastifyInstance;
  url: string;
  config: Config;
  /** An admin session (as a bearer token) and the default wall's display token. */
  tokens: { admin: string; wall: string };
  /** fetch() on this server as the admin (pass your own Authorization header to be someone else). */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** A real socket.io-client, authenticated as the admin unless another token is given. */
  connect(token?: string): TestSocket;
  close(): Promise<void>;
}

/** A fresh temp DATA_DIR, removed by the caller's close(). */
export function tempDataDir(prefix = 'city-brain-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Starts the real app on an ephemeral port with a temp DATA_DIR. `env` uses the same variable names
 * as production (SIM, SIM_EVENTS_PER_DAY…), so tests exercise the real config path.
 */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = env.DATA_DIR ?? tempDataDir();
  // No simulated history unless a test asks: tests count what they themselves make happen.
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    SIM_HISTORY_HOURS: '0',
    ...env,
  });
  let app: FastifyInstance;
  try {
    app = await buildApp(config);
    await app.listen({ host: config.host, port: 0 });
  } catch (err) {
    // A server that fails to start must not leave its temp directory behind.
    if (!env.DATA_DIR) fs.rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('server has no port');
  const url = `http://127.0.0.1:${address.port}`;
  const admin = await signIn(url, 'admin', adminPasswordOf(dataDir));
  const tokens = { admin, wall: app.ctx.bootstrap.wallToken ?? '' };
  return {
    app,
    config,
    url,
    tokens,
    fetch: (path, init = {}) => {
      const headers = new Headers(init.headers);
      if (!headers.has('authorization')) headers.set('authorization', `Bearer ${admin}`);
      return fetch(`${url}${path}`, { ...init, headers });
    },
    connect: (token = admin) => connectClient(url, token),
    close: async () => {
      // A test that leaves a response body unread keeps its keep-alive connection busy, and a graceful
      // close waits for it: give in-flight requests a moment, then drop what is left.
      const closing = app.close();
      const force = setTimeout(() => app.server.closeAllConnections(), 2_000);
      await closing;
      clearTimeout(force);
      if (!env.DATA_DIR) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * A real socket.io-client connected to `url` (websocket only, no auto-reconnect), with a token if given,
 * or the whole handshake `auth` (a token and a sync request, as the pages send: SocketAuth).
 */
export function connectClient(url: string, auth?: string | SocketAuth): TestSocket {
  return io(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: typeof auth === 'string' ? (auth ? { token: auth } : {}) : { ...auth },
  });
}

/** The first-start admin password the server wrote into its DATA_DIR. */
export function adminPasswordOf(dataDir: string): string {
  const text = fs.readFileSync(path.join(dataDir, 'admin-password.txt'), 'utf8');
  const match = /password: (\S+)/.exec(text);
  if (!match?.[1]) throw new Error('no admin password in DATA_DIR');
  return match[1];
}

/** Signs in and returns the session token (usable as a bearer token). */
export async function signIn(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in as ${username} failed: HTTP ${res.status}`);
  const cookie = res.headers.get('set-cookie') ?? '';
  const token = /cb_session=([^;]+)/.exec(cookie)?.[1];
  if (!token) throw new Error('sign-in set no session cookie');
  return token;
}

/** Resolves when `predicate` holds, polling every 20 ms; rejects with `what` after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
