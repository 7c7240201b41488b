import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { servicesAvailable, TEST_PG_URL } from '../../helpers/services';
import { stateDiff } from '../../helpers/sync-client';
import { freePort, TcpProxy } from '../../helpers/tcp-proxy';
import { connectClient, waitFor } from '../../helpers/test-server';
import { Cluster, post, RecordingClient, report } from './cluster';

const hasRedisServer = (() => {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!hasRedisServer) {
  const problem = 'the scale-out restart test needs the redis-server binary (it restarts a Redis of its own)';
  if (process.env.CITY_BRAIN_REQUIRE_SERVICES) throw new Error(problem);
  console.warn(`\n!!! SKIPPING: ${problem}\n`);
}
const up =
  hasRedisServer && (await servicesAvailable('the scale-out tests (service restarts)', ['postgres']));

/** A Redis of this test's own, so that it can be restarted (losing everything, as with --save ""). */
class PrivateRedis {
  private child: ChildProcess | null = null;
  constructor(readonly port: number) {}
  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }
  async start(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    await waitFor(() => /Ready to accept connections/.test(out), 'redis-server to start', 10_000);
  }
  async kill(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await gone;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.runIf(up)('two instances while Redis, then PostgreSQL, restart mid-stream', () => {
  const pgProxy = new TcpProxy('127.0.0.1', Number(new URL(TEST_PG_URL).port || 5432));
  let redis: PrivateRedis | null = null;
  let cluster: Cluster | null = null;
  afterAll(async () => {
    await cluster?.stop();
    await redis?.kill();
    await pgProxy.stop();
  });

  it('keeps everything acknowledged, shows screens stale while PostgreSQL is away, and resumes by itself', async () => {
    redis = new PrivateRedis(await freePort());
    await redis.start();
    const pgPort = await pgProxy.start();
    cluster = new Cluster({ pgPort, redisUrl: redis.url });
    const servers = await cluster.start(2);
    const screens = servers.flatMap((s, i) => [
      new RecordingClient(s, `i${i}-a`),
      new RecordingClient(s, `i${i}-b`),
    ]);
    await Promise.all(screens.map((s) => s.connect()));
    const health = () =>
      Promise.all(servers.map((s) => Cluster.health(s))).catch((err) => {
        throw new Error(
          `${err.message}; outputs:\n${servers.map((s) => s.output().slice(-4000)).join('\n----\n')}`,
        );
      });

    // Posters: round-robin, one batch at a time each; an id counts only once its 202 came back.
    const acked = new Set<string>();
    const refused: number[] = [];
    let posting = true;
    let n = 0;
    const poster = async () => {
      while (posting) {
        const k = n++;
        const ids = Array.from({ length: 5 }, (_, i) => `rs-${k}-${i}`);
        const status = await post(
          servers[k % servers.length]!,
          ids.map((id) => report(id)),
        );
        if (status === 202) for (const id of ids) acked.add(id);
        else {
          refused.push(status);
          await sleep(100);
        }
        await sleep(20);
      }
    };
    const posters = Promise.all([poster(), poster(), poster()]);
    await sleep(1_500);

    // Redis restarts (everything in it lost): events keep flowing (they go through PostgreSQL).
    const beforeRedis = acked.size;
    await redis.kill();
    let states = await health();
    for (let t = 0; t < 50 && states.some((h) => h.cluster?.redis !== false); t++) {
      await sleep(100);
      states = await health();
    }
    expect(states.map((h) => h.cluster?.redis)).toEqual([false, false]);
    await sleep(1_500);
    await redis.start();
    for (let t = 0; t < 100 && (await health()).some((h) => h.cluster?.redis !== true); t++) await sleep(100);
    expect((await health()).map((h) => h.cluster?.redis)).toEqual([true, true]);
    expect(acked.size).toBeGreaterThan(beforeRedis);

    // PostgreSQL goes away: writes are refused (never acknowledged), screens stop getting heartbeats.
    await sleep(1_000);
    await pgProxy.cut();
    for (let t = 0; t < 50 && (await health()).some((h) => h.cluster?.postgres !== false); t++)
      await sleep(100);
    expect((await health()).map((h) => h.cluster)).toEqual([
      { leader: false, postgres: false, redis: true },
      { leader: false, postgres: false, redis: true },
    ]);
    const ackedAtCut = acked.size;
    const beats = screens.map((s) => s.heartbeats);
    // Accounts are in PostgreSQL too: a socket connecting meanwhile with a session this instance has
    // seen is let in (from memory), one with a credential it never saw is refused; the instance neither
    // blocks nor fails on them, and it still answers HTTP for a known session (the health calls above).
    const handshake = (token: string) =>
      new Promise<string>((resolve) => {
        const socket = connectClient(servers[0]!.url, token);
        socket.on('connect', () => {
          socket.close();
          resolve('connected');
        });
        socket.on('connect_error', (err) => {
          socket.close();
          resolve(`refused: ${err.message}`);
        });
      });
    expect(await handshake(servers[0]!.token!)).toBe('connected');
    expect(await handshake('ses_never-seen-by-this-instance')).toMatch(/^refused/);
    await sleep(4_500);
    // Nothing acknowledged while the database was away, and no screen was told all is well.
    expect(acked.size).toBe(ackedAtCut);
    expect(screens.map((s) => s.heartbeats)).toEqual(beats);
    await pgProxy.restore();
    for (let t = 0; t < 100 && (await health()).some((h) => h.cluster?.postgres !== true); t++)
      await sleep(100);
    expect((await health()).every((h) => h.cluster?.postgres)).toBe(true);
    await waitFor(() => acked.size > ackedAtCut + 20, 'acknowledged posts after PostgreSQL is back', 15_000);
    posting = false;
    await posters;
    expect(refused.length).toBeGreaterThan(0);
    // Heartbeats again, and exactly one leader.
    await waitFor(
      () => screens.every((s, i) => s.heartbeats > beats[i]!),
      'heartbeats after recovery',
      10_000,
    );
    const leaders = (await health()).filter((h) => h.cluster?.leader);
    expect(leaders).toHaveLength(1);

    // Every screen catches up to the same seq, with every acknowledged event, in one gap-free stream.
    const finalSeq = Math.max(...(await health()).map((h) => h.seq));
    await Promise.all(screens.map((s) => s.untilSeq(finalSeq, 20_000)));
    expect(screens.flatMap((s) => s.streamProblems())).toEqual([]);
    for (const s of screens) {
      const missing = [...acked].filter((id) => !s.state().has(id));
      expect(missing, `${s.name}: acknowledged events missing`).toEqual([]);
      expect(stateDiff(s.state(), screens[0]!.state()), s.name).toEqual([]);
    }
    // A screen that drops and comes back (to the other instance) resumes by replay, not a snapshot.
    const roaming = screens[0]!;
    roaming.disconnect();
    await post(servers[1]!, [report('rs-after-1')]);
    const moved = new RecordingClient(servers[1]!, 'moved');
    Object.assign(moved, { store: roaming.store });
    expect(await moved.connect()).toBe('replay');
    await waitFor(() => moved.state().has('rs-after-1'), 'the resumed screen to get the new event');

    // The database: every acknowledged id once, one change per event, seqs 1..N with no gap.
    const db = new pg.Client({ connectionString: TEST_PG_URL });
    await db.connect();
    try {
      await db.query(`SET search_path TO "${cluster.schema}"`);
      const ids = new Set((await db.query('SELECT id FROM events')).rows.map((r) => r.id as string));
      expect([...acked].filter((id) => !ids.has(id))).toEqual([]);
      const { rows } = await db.query(
        'SELECT count(*)::int AS n, min(seq)::int AS lo, max(seq)::int AS hi, count(DISTINCT entity_id)::int AS e FROM changes',
      );
      expect(rows[0]).toEqual({ n: ids.size, lo: 1, hi: ids.size, e: ids.size });
    } finally {
      await db.end();
    }
    moved.disconnect();
    for (const s of screens) s.disconnect();
  }, 120_000);
});
