import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { LiveBatch } from '../../../shared/protocol';
import { type ServerProcess, startServerProcess } from '../../helpers/server-process';
import { dropSchema, pgUrlFor, TEST_REDIS_URL, testSchemaName } from '../../helpers/services';
import { SyncClient } from '../../helpers/sync-client';
import { tempDataDir } from '../../helpers/test-server';

/** Several server processes sharing one PostgreSQL schema (made for this test) and one Redis. */
export class Cluster {
  readonly schema = testSchemaName('cb_scale');
  readonly servers: ServerProcess[] = [];
  private readonly dirs: string[] = [];

  readonly pgUrl: string;
  readonly redisUrl: string;

  constructor(
    options: {
      /** Extra environment for every instance. */
      env?: Record<string, string>;
      /** Where PostgreSQL is (default: the test one; a proxy in the restart tests). */
      pgPort?: number;
      redisUrl?: string;
    } = {},
  ) {
    this.env = options.env ?? {};
    const url = new URL(pgUrlFor(this.schema));
    if (options.pgPort) url.port = String(options.pgPort);
    this.pgUrl = url.toString();
    this.redisUrl = options.redisUrl ?? TEST_REDIS_URL;
  }
  private readonly env: Record<string, string>;

  /** Starts `n` more instances side by side. */
  async start(n: number, env: Record<string, string> = {}): Promise<ServerProcess[]> {
    return Promise.all(Array.from({ length: n }, () => this.startOne(env)));
  }

  async startOne(env: Record<string, string> = {}): Promise<ServerProcess> {
    const dir = tempDataDir('city-brain-scale-');
    this.dirs.push(dir);
    const server = await startServerProcess(
      {
        DATA_DIR: dir,
        SIM: 'off',
        FLUSH_MS: '20',
        DATABASE_URL: this.pgUrl,
        REDIS_URL: this.redisUrl,
        ...this.env,
        ...env,
      },
      60_000,
      // Accounts are shared: the admin password is in the DATA_DIR of whichever instance made it.
      { adminPassword: () => this.adminPassword() },
    );
    this.servers.push(server);
    return server;
  }

  /** The first-start admin password, from the instance that made the account (null before that). */
  adminPassword(): string | null {
    for (const dir of this.dirs) {
      const file = path.join(dir, 'admin-password.txt');
      if (fs.existsSync(file)) return /password: (\S+)/.exec(fs.readFileSync(file, 'utf8'))?.[1] ?? null;
    }
    return null;
  }

  /** GET /api/health of one instance. */
  static async health(server: ServerProcess): Promise<{
    seq: number;
    cluster?: { leader: boolean; postgres: boolean; redis: boolean | null };
  }> {
    return (await (await server.fetch('/api/health')).json()) as never;
  }

  /** The instances that say they lead, once exactly one does (or what they say after `timeoutMs`). */
  async settledLeaders(timeoutMs = 10_000): Promise<ServerProcess[]> {
    let leaders: ServerProcess[] = [];
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      leaders = await this.leaders();
      if (leaders.length === 1) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    return leaders;
  }

  /** Every instance connected to Redis, and a moment for the adapters' stream readers to start. */
  static async waitForRedis(servers: ServerProcess[]): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const states = await Promise.all(servers.map(async (s) => (await Cluster.health(s)).cluster?.redis));
      if (states.every((r) => r === true)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 1_500));
  }

  /** The instances that say they lead (alive ones only). */
  async leaders(): Promise<ServerProcess[]> {
    const alive = this.servers.filter((s) => s.child.exitCode === null && s.child.signalCode === null);
    const answers = await Promise.all(
      alive.map(async (s) => ((await Cluster.health(s)).cluster?.leader ? s : null)),
    );
    return answers.filter((s): s is ServerProcess => s !== null);
  }

  async stop(): Promise<void> {
    await Promise.all(this.servers.splice(0).map((s) => s.stop('SIGKILL')));
    for (const dir of this.dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
    await dropSchema(this.schema).catch(() => {});
    await this.dropRedisKeys().catch(() => {});
  }

  /** Deletes this deployment's Redis keys (the adapter's stream), when that Redis is still there. */
  private async dropRedisKeys(): Promise<void> {
    const redis = new Redis(this.redisUrl, {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      retryStrategy: () => null,
    });
    redis.on('error', () => {});
    try {
      await redis.connect();
      const keys = await redis.keys(`city-brain:${this.schema}:*`);
      if (keys.length) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
  }
}

/** A screen on one instance that also records every batch it receives, in order. */
export class RecordingClient extends SyncClient {
  readonly batches: { fromSeq: number; seq: number; ids: string[]; at: number }[] = [];
  /** Event id → when this screen first saw it (epoch ms). */
  readonly firstSeen = new Map<string, number>();
  heartbeats = 0;

  constructor(
    readonly server: ServerProcess,
    readonly name: string,
  ) {
    super(server.url, { token: server.token ?? undefined });
    this.onBatch = (batch: LiveBatch, receivedAt: number) => {
      this.batches.push({
        fromSeq: batch.fromSeq,
        seq: batch.seq,
        ids: batch.events.map((e) => e.id),
        at: receivedAt,
      });
      for (const e of batch.events) if (!this.firstSeen.has(e.id)) this.firstSeen.set(e.id, receivedAt);
    };
  }

  override async connect() {
    const mode = await super.connect();
    this.socket?.on('sync:heartbeat', () => {
      this.heartbeats++;
    });
    return mode;
  }

  /** Problems with the batch stream: each batch must continue exactly where the last one ended. */
  streamProblems(): string[] {
    const problems: string[] = [];
    for (let i = 1; i < this.batches.length; i++) {
      const prev = this.batches[i - 1]!;
      const cur = this.batches[i]!;
      if (cur.fromSeq !== prev.seq + 1)
        problems.push(`${this.name}: batch ${cur.fromSeq}..${cur.seq} after ..${prev.seq}`);
    }
    if (this.gaps) problems.push(`${this.name}: ${this.gaps} gaps`);
    if (this.stale) problems.push(`${this.name}: ${this.stale} repeated batches`);
    if (this.regressions.length) problems.push(`${this.name}: ${this.regressions.slice(0, 3).join(', ')}`);
    return problems;
  }
}

/** A valid report with a given id. */
export { hotlineReport as report } from '../../fixtures/reports';

/** POSTs a batch; resolves with the HTTP status (0 when the request itself failed). */
export async function post(server: ServerProcess, events: unknown[]): Promise<number> {
  try {
    const res = await server.fetch('/api/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(events),
    });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

/** The p-th percentile (0..100) of `values`. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
