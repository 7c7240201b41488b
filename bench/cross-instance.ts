/**
 * Cross-instance delivery: events posted to one instance, screens connected to other instances, all
 * on one PostgreSQL (the change feed carries every commit to every instance) and one Redis. Measures
 * the p99 of POST sent → event held by a screen, and the delivery throughput (events posted ÷ time
 * until every screen holds every one of them), against the same load on a single instance on the same
 * PostgreSQL, with its screens on itself, in the same run: the single instance is instance A, measured
 * alone before the others start, so both figures share the database, the poster and the load.
 *
 * Needs PostgreSQL and Redis (tests/helpers/services.ts: 127.0.0.1:5432 database `test`, Redis on
 * 6379, or CITY_BRAIN_TEST_PG_URL / CITY_BRAIN_TEST_REDIS_URL); without them it reports nothing and
 * says so. Rerun: `npm run bench -- cross-instance`.
 */

import type { ServerProcess } from '../tests/helpers/server-process';
import { servicesAvailable } from '../tests/helpers/services';
import { Cluster, percentile, RecordingClient } from '../tests/integration/scale-out/cluster';
import { cityPoints, eventInput } from './lib/event-inputs';
import { ratioOf } from './lib/stats';
import type { BenchFigure } from './types';

/** The cross-instance p99 may be this many times the single instance's (one more read of the log). */
const LATENCY_GOAL = 2;
/** And the delivery throughput at least this share of it. */
const THROUGHPUT_GOAL = 0.8;

interface Sizes {
  batches: number;
  batch: number;
  posters: number;
  warmup: number;
}

interface Run {
  p50: number;
  p99: number;
  eventsPerSecond: number;
  events: number;
}

/**
 * Posts `sizes.batches` batches to `target` with `sizes.posters` concurrent posters and waits until
 * every screen holds every event; latencies are per (screen, event).
 */
async function measure(
  target: ServerProcess,
  screens: RecordingClient[],
  tag: string,
  sizes: Sizes,
  points: readonly [number, number][],
): Promise<Run> {
  const sentAt = new Map<string, number>();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: sizes.posters }, async () => {
      while (next < sizes.batches) {
        const n = next++;
        const items = Array.from({ length: sizes.batch }, (_, i) =>
          eventInput(tag, n * sizes.batch + i, points),
        );
        const at = Date.now();
        for (const e of items) sentAt.set(e.id!, at);
        const res = await target.fetch('/api/events', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(items),
        });
        await res.arrayBuffer();
        if (res.status !== 202) throw new Error(`cross-instance: batch ${n}: HTTP ${res.status}`);
      }
    }),
  );
  const seq = ((await (await target.fetch('/api/health')).json()) as { seq: number }).seq;
  await Promise.all(screens.map((s) => s.untilSeq(seq, 60_000)));
  const seconds = (performance.now() - started) / 1000;
  const latencies = screens.flatMap((s) =>
    [...sentAt].map(([id, at]) => {
      const seen = s.firstSeen.get(id);
      if (seen === undefined) throw new Error(`cross-instance: ${s.name} never received ${id}`);
      return seen - at;
    }),
  );
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    eventsPerSecond: Math.round(sentAt.size / seconds),
    events: sentAt.size,
  };
}

/** Two screens on each of `servers`, connected and holding a snapshot. */
async function screensOn(servers: ServerProcess[], label: string): Promise<RecordingClient[]> {
  const screens = servers.flatMap((s, i) => [
    new RecordingClient(s, `${label}${i}-a`),
    new RecordingClient(s, `${label}${i}-b`),
  ]);
  await Promise.all(screens.map((s) => s.connect()));
  return screens;
}

export async function runCrossInstanceBench(opts: { quick: boolean }): Promise<BenchFigure[]> {
  let up = false;
  try {
    up = await servicesAvailable('the cross-instance benchmark', ['postgres', 'redis']);
  } catch (err) {
    console.warn(`!!! cross-instance: ${(err as Error).message}`);
  }
  if (!up) {
    console.warn('!!! cross-instance: no PostgreSQL or Redis, so no figures (see the warning above)');
    return [];
  }
  const sizes: Sizes = opts.quick
    ? { batches: 12, batch: 20, posters: 4, warmup: 2 }
    : { batches: 300, batch: 20, posters: 6, warmup: 20 };
  const followers = opts.quick ? 1 : 2;
  // Quick mode spares loading the city: reports around one point (the rules see a hot spot, both runs alike).
  const points: [number, number][] = opts.quick ? [[120.5489, 27.5819]] : cityPoints();
  const cluster = new Cluster({ env: { INGEST_RATE_LIMIT_PER_MIN: '100000000', LOG_LEVEL: 'error' } });
  const all: RecordingClient[] = [];
  try {
    // A alone: the single-instance baseline, on the same PostgreSQL. Quick mode (which only proves the
    // benchmark works) starts the follower at once, beside it, to save a server start.
    const early = opts.quick ? await cluster.start(1 + followers) : await cluster.start(1);
    const a = early[0]!;
    const alone = await screensOn([a], 'single');
    all.push(...alone);
    await measure(a, alone, 'warm-a', { ...sizes, batches: sizes.warmup }, points);
    const single = await measure(a, alone, 'single', sizes, points);
    for (const s of alone) s.disconnect();

    // Then the followers join; events still go to A, screens are on the others only.
    const others = opts.quick ? early.slice(1) : await cluster.start(followers);
    const remote = await screensOn(others, 'remote');
    all.push(...remote);
    await measure(a, remote, 'warm-b', { ...sizes, batches: sizes.warmup }, points);
    const cross = await measure(a, remote, 'cross', sizes, points);

    const instances = 1 + followers;
    const load = `${cross.events.toLocaleString('en')} events in batches of ${sizes.batch} from ${sizes.posters} concurrent posters to instance A`;
    const where = `${instances} instances (PostgreSQL + Redis), ${remote.length} screens on the ${followers === 1 ? 'other instance' : `${followers} other instances`}`;
    const common = {
      name: 'cross-instance',
      notes: `p50: ${cross.p50} ms cross-instance, ${single.p50} ms single. Everything (instances, PostgreSQL, Redis, poster, screens) shares this machine, so the figures show the extra hop's overhead, not separate machines.`,
    };
    const latencyRatio = ratioOf(cross.p99, single.p99);
    const throughputRatio = ratioOf(cross.eventsPerSecond, single.eventsPerSecond);
    return [
      {
        ...common,
        variant: 'p99 latency',
        detail: `p99 of POST sent → event held by a screen on another instance: ${load}, ${where} (FLUSH_MS 20)`,
        value: cross.p99,
        unit: 'ms',
        baseline: 'the same load on instance A alone, screens on A (same PostgreSQL, same run)',
        baselineValue: single.p99,
        ratio: latencyRatio,
        goal: `≤ ${LATENCY_GOAL}× single instance`,
        met: latencyRatio <= LATENCY_GOAL,
      },
      {
        ...common,
        variant: 'throughput',
        detail: `events delivered per second (posted ÷ time until every screen holds all): ${load}, ${where}`,
        value: cross.eventsPerSecond,
        unit: 'events/s',
        baseline: 'the same load on instance A alone, screens on A (same PostgreSQL, same run)',
        baselineValue: single.eventsPerSecond,
        ratio: throughputRatio,
        goal: `≥ ${THROUGHPUT_GOAL}× single instance`,
        met: throughputRatio >= THROUGHPUT_GOAL,
      },
    ];
  } finally {
    for (const s of all) s.disconnect();
    await cluster.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(
    JSON.stringify(await runCrossInstanceBench({ quick: process.argv.includes('--quick') }), null, 2),
  );
}
