import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServerProcess } from '../../helpers/server-process';
import { servicesAvailable } from '../../helpers/services';
import { stateDiff } from '../../helpers/sync-client';
import { tempDataDir } from '../../helpers/test-server';
import { Cluster, percentile, post, RecordingClient, report } from './cluster';

const up = await servicesAvailable('the scale-out tests (three instances)', ['postgres', 'redis']);

/** Batches per run, events per batch, concurrent posters. Sized for a shared 2-core CI runner. */
const BATCHES = 90;
const BATCH = 20;
const POSTERS = 6;

interface Figures {
  setup: string;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  /** From the POST being sent to a screen receiving the event (ms). */
  p50Ms: number;
  p99Ms: number;
  samples: number;
}

/**
 * Posts BATCHES batches round-robin over `servers` with POSTERS posters; returns when each id was sent
 * and on which instance, and how long the whole load took.
 */
async function load(servers: ServerProcess[], tag: string) {
  const sentAt = new Map<string, number>();
  const origin = new Map<string, number>();
  const failures: string[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: POSTERS }, async () => {
      while (next < BATCHES) {
        const n = next++;
        const target = n % servers.length;
        const ids = Array.from({ length: BATCH }, (_, i) => `${tag}-${n}-${i}`);
        const at = Date.now();
        for (const id of ids) {
          sentAt.set(id, at);
          origin.set(id, target);
        }
        const status = await post(
          servers[target]!,
          ids.map((id) => report(id)),
        );
        if (status !== 202) failures.push(`batch ${n} on instance ${target}: HTTP ${status}`);
      }
    }),
  );
  return { sentAt, origin, failures, seconds: (performance.now() - started) / 1000 };
}

function figures(
  setup: string,
  run: { sentAt: Map<string, number>; seconds: number },
  latencies: number[],
): Figures {
  const events = run.sentAt.size;
  return {
    setup,
    events,
    seconds: Math.round(run.seconds * 100) / 100,
    eventsPerSecond: Math.round(events / run.seconds),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    samples: latencies.length,
  };
}

describe.runIf(up)('three instances on one PostgreSQL and one Redis', () => {
  const clusters: Cluster[] = [];
  const singles: ServerProcess[] = [];
  const dirs: string[] = [];
  afterAll(async () => {
    for (const c of clusters) await c.stop();
    for (const s of singles) await s.stop('SIGKILL');
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('delivers events posted round-robin to screens on every instance, in order, no gaps, no repeats (and measures it against one instance)', async () => {
    const measured: Figures[] = [];

    // Baseline 1: one instance on the embedded SQLite store, as `npm start` runs it.
    const dir = tempDataDir('city-brain-single-');
    dirs.push(dir);
    const single = await startServerProcess({ DATA_DIR: dir, SIM: 'off', FLUSH_MS: '20' });
    singles.push(single);
    {
      const screens = [new RecordingClient(single, 'single-a'), new RecordingClient(single, 'single-b')];
      await Promise.all(screens.map((s) => s.connect()));
      const run = await load([single], 'one');
      expect(run.failures).toEqual([]);
      const seq = (await Cluster.health(single)).seq;
      await Promise.all(screens.map((s) => s.untilSeq(seq, 20_000)));
      const latencies = screens.flatMap((s) => [...run.sentAt].map(([id, at]) => s.firstSeen.get(id)! - at));
      measured.push(figures('1 instance, SQLite', run, latencies));
      for (const s of screens) s.disconnect();
    }

    // Baseline 2: one instance on PostgreSQL (the price of the networked store alone).
    const pgSingle = new Cluster();
    clusters.push(pgSingle);
    const [alone] = await pgSingle.start(1);
    {
      const screens = [new RecordingClient(alone!, 'pg-a'), new RecordingClient(alone!, 'pg-b')];
      await Promise.all(screens.map((s) => s.connect()));
      const run = await load([alone!], 'pg1');
      expect(run.failures).toEqual([]);
      const seq = (await Cluster.health(alone!)).seq;
      await Promise.all(screens.map((s) => s.untilSeq(seq, 20_000)));
      const latencies = screens.flatMap((s) => [...run.sentAt].map(([id, at]) => s.firstSeen.get(id)! - at));
      measured.push(figures('1 instance, PostgreSQL', run, latencies));
      for (const s of screens) s.disconnect();
    }

    // Three instances: two screens on each; batches posted round-robin, several at once.
    const cluster = new Cluster();
    clusters.push(cluster);
    const servers = await cluster.start(3);
    const screens = servers.flatMap((s, i) => [
      new RecordingClient(s, `i${i}-a`),
      new RecordingClient(s, `i${i}-b`),
    ]);
    expect(await Promise.all(screens.map((s) => s.connect()))).toEqual(screens.map(() => 'snapshot'));
    const run = await load(servers, 'rr');
    expect(run.failures).toEqual([]);

    // Every instance reaches the same global seq: one change per event, numbered 1..N.
    const total = BATCHES * BATCH;
    const seqs = await Promise.all(servers.map(async (s) => (await Cluster.health(s)).seq));
    await Promise.all(screens.map((s) => s.untilSeq(total, 30_000)));
    expect(Math.max(...seqs)).toBe(total);

    const problems = screens.flatMap((s) => s.streamProblems());
    expect(problems).toEqual([]);
    const reference = screens[0]!.state();
    expect(reference.size).toBe(total);
    for (const s of screens) {
      expect(s.seq, s.name).toBe(total);
      expect(stateDiff(s.state(), reference), s.name).toEqual([]);
      // Each event arrived once: the batches' ids, all together, hold every event exactly once.
      const ids = s.batches.flatMap((b) => b.ids);
      expect(ids.length, `${s.name}: events received`).toBe(total);
      expect(new Set(ids).size, `${s.name}: distinct events received`).toBe(total);
    }

    // Latency of events posted to another instance than the screen's.
    const cross = screens.flatMap((s) => {
      const mine = servers.indexOf(s.server);
      return [...run.sentAt]
        .filter(([id]) => run.origin.get(id) !== mine)
        .map(([id, at]) => s.firstSeen.get(id)! - at);
    });
    measured.push(figures('3 instances, cross-instance deliveries', run, cross));
    console.log(`\nScale-out measurement (${BATCHES} batches x ${BATCH} events, ${POSTERS} posters):`);
    console.table(measured);
    const out = path.resolve('tests/artifacts/scale-out-latency.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), measured }, null, 2)}\n`);

    for (const s of screens) s.disconnect();
  }, 180_000);
});
