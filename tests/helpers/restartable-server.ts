import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { adminPasswordOf, signIn, tempDataDir } from './test-server';

/**
 * The real app that can be stopped and started again on the same port and DATA_DIR, as an operator
 * restarting the server would: screens that were connected must notice the outage and recover.
 */
export interface RestartableServer {
  url: string;
  port: number;
  dataDir: string;
  /** An admin session and the default wall's display token; both survive a restart (they are stored). */
  tokens: { admin: string; wall: string };
  /** fetch() on this server as the admin. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  readonly running: boolean;
  /** Closes the server (sockets dropped, database closed); the port and DATA_DIR are kept. */
  stop(): Promise<void>;
  /** Starts a new server on the same port and DATA_DIR. */
  start(): Promise<void>;
  /** Stops it for good and removes the DATA_DIR. */
  close(): Promise<void>;
}

/** Starts the app on a free port with a temp DATA_DIR; `env` as for startTestServer. */
export async function startRestartableServer(env: Record<string, string> = {}): Promise<RestartableServer> {
  const dataDir = tempDataDir('city-brain-restart-');
  let app: FastifyInstance | null = null;
  let port = 0;
  const boot = async () => {
    const config = loadConfig({
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      ...env,
      PORT: String(port),
      DATA_DIR: dataDir,
    });
    const next = await buildApp(config);
    try {
      await next.listen({ host: config.host, port });
    } catch (err) {
      await next.close();
      throw err;
    }
    const address = next.server.address();
    if (!address || typeof address === 'string') throw new Error('server has no port');
    port = address.port;
    app = next;
  };
  try {
    await boot();
  } catch (err) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  const url = `http://127.0.0.1:${port}`;
  const admin = await signIn(url, 'admin', adminPasswordOf(dataDir));
  const wall = (app as FastifyInstance | null)?.ctx.bootstrap.wallToken ?? '';
  const stop = async () => {
    const running = app;
    app = null;
    await running?.close();
  };
  return {
    url,
    port,
    dataDir,
    tokens: { admin, wall },
    fetch: (path, init = {}) => {
      const headers = new Headers(init.headers);
      if (!headers.has('authorization')) headers.set('authorization', `Bearer ${admin}`);
      return fetch(`${url}${path}`, { ...init, headers });
    },
    get running() {
      return app !== null;
    },
    stop,
    start: async () => {
      if (app) throw new Error('already running');
      await boot();
    },
    close: async () => {
      await stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
