/**
 * Cross-instance delivery: events posted to instance A, screens on A and on the other instances, all
 * on one PostgreSQL (the change feed carries every commit to every instance) and one Redis. Measures,
 * for the very same events at the very same time, the p99 of POST sent → event held by a screen and
 * the delivery throughput (events posted ÷ time until every screen of a group holds every one of
 * them) for the screens on the other instances (cross-instance) against the screens on A itself (the
 * single-instance path: what one instance on the same PostgreSQL delivers to its own screens).
 *
 * Why at the same time: two sequential runs of the identical single-instance load on this (shared)
 * machine differed by 2× and more, as the database and the leader's rules state grow with every
 * event and other work comes and goes; measuring both groups from one load leaves only the hop. Full
 * runs also measure A alone before the others start, and report it in the notes (sequential, so it
 * carries that drift).
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
/** Screens in each group (the same number, so both groups cost the client side the same). */
const SCREENS = 2;

interface Sizes {
  batches: number;
  batch: number;
  posters: number;
  warmup: number;
}

interface Group {
  p50: number;
  p99: number;
  eventsPerSecond: number;
}

/**
 * Posts `sizes.batches` batches to `target` with `sizes.posters` concurrent posters, waits until every
 * screen holds every event, and sums up each group of screens: latencies per (screen, event), and the
 * time until the group's slowest screen held them all.
 */
async function measure(
  target: ServerProcess,
  groups: RecordingClient[][],
  tag: string,
  sizes: Sizes,
  points: readonly [number, number][],
): Promise<{ events: number; groups: Group[] }> {
  const sentAt = new Map<string, number>();
  let next = 0;
  const started = Date.now();
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
  const screens = groups.flat();
  await Promise.all(screens.map((s) => s.untilSeq(seq, 60_000)));
  return {
    events: sentAt.size,
    groups: groups.map((group) => {
      let last = started;
      const latencies = group.flatMap((s) =>
        [...sentAt].map(([id, at]) => {
          const seen = s.firstSeen.get(id);
          if (seen === undefined) throw new Error(`cross-instance: ${s.name} never received ${id}`);
          last = Math.max(last, seen);
          return seen - at;
        }),
      );
      return {
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        eventsPerSecond: Math.round(sentAt.size / (Math.max(1, last - started) / 1000)),
      };
    }),
  };
}

/** `n` screens spread over `servers`, connected and holding a snapshot. */
async function screensOn(servers: ServerProcess[], n: number, label: string): Promise<RecordingClient[]> {
  const screens = Array.from(
    { length: n },
    (_, i) => new RecordingClient(servers[i % servers.length]!, `${label}${i % servers.length}-${i}`),
  );
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
  // Quick mode spares loading the city: reports around one point (the rules see a hot spot).
  const points: [number, number][] = opts.quick ? [[120.5489, 27.5819]] : cityPoints();
  const cluster = new Cluster({ env: { INGEST_RATE_LIMIT_PER_MIN: '100000000', LOG_LEVEL: 'error' } });
  const all: RecordingClient[] = [];
  try {
    // Full runs: A alone first, for the notes. Quick mode (which only proves the benchmark works)
    // starts every instance at once, to save a server start.
    const early = opts.quick ? await cluster.start(1 + followers) : await cluster.start(1);
    const a = early[0]!;
    const local = await screensOn([a], SCREENS, 'local');
    all.push(...local);
    let alone: Group | null = null;
    if (!opts.quick) {
      await measure(a, [local], 'warm-alone', { ...sizes, batches: sizes.warmup }, points);
      alone = (await measure(a, [local], 'alone', sizes, points)).groups[0]!;
    }
    const others = opts.quick ? early.slice(1) : await cluster.start(followers);
    const remote = await screensOn(others, SCREENS, 'remote');
    all.push(...remote);
    await measure(a, [local, remote], 'warm', { ...sizes, batches: sizes.warmup }, points);
    const run = await measure(a, [local, remote], 'run', sizes, points);
    const [single, cross] = run.groups as [Group, Group];

    const instances = 1 + followers;
    const load = `${run.events.toLocaleString('en')} events in batches of ${sizes.batch} from ${sizes.posters} concurrent posters to instance A of ${instances} (PostgreSQL + Redis)`;
    const onOthers = `${SCREENS} screens on ${followers === 1 ? 'the other instance' : `the ${followers} other instances`}`;
    const baseline = `the same events at the same time to ${SCREENS} screens on A itself (the single-instance path, same PostgreSQL)`;
    const notes = [
      `p50: ${cross.p50} ms cross-instance, ${single.p50} ms on A.`,
      alone
        ? `A alone, before the others started (same load, sequential, so it also carries the run's drift): p99 ${alone.p99} ms, ${alone.eventsPerSecond} events/s.`
        : '',
      'Everything (instances, PostgreSQL, Redis, poster, screens) shares this machine: the figures show the extra hop, not separate machines.',
    ]
      .filter(Boolean)
      .join(' ');
    const latencyRatio = ratioOf(cross.p99, single.p99);
    const throughputRatio = ratioOf(cross.eventsPerSecond, single.eventsPerSecond);
    return [
      {
        name: 'cross-instance',
        variant: 'p99 latency',
        detail: `p99 of POST sent → event held by a screen on another instance: ${load}, ${onOthers} (FLUSH_MS 20)`,
        value: cross.p99,
        unit: 'ms',
        baseline,
        baselineValue: single.p99,
        ratio: latencyRatio,
        goal: `≤ ${LATENCY_GOAL}× single instance`,
        met: latencyRatio <= LATENCY_GOAL,
        notes,
      },
      {
        name: 'cross-instance',
        variant: 'throughput',
        detail: `events delivered per second (posted ÷ time until every screen of the group holds all): ${load}, ${onOthers}`,
        value: cross.eventsPerSecond,
        unit: 'events/s',
        baseline,
        baselineValue: single.eventsPerSecond,
        ratio: throughputRatio,
        goal: `≥ ${THROUGHPUT_GOAL}× single instance`,
        met: throughputRatio >= THROUGHPUT_GOAL,
        notes,
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
