/**
 * Soak: does the server leak? Two servers run side by side for the same time, each holding 100 wall
 * clients (socket.io, display token, batches merged at the wall's 250 ms cadence, in their own
 * processes): one ingests 500 events/s from a paced
 * generator, the other idles (the baseline). The load is a steady state, as a city's is: the generator
 * also works events off through the real action API as fast as they arrive, keeping about
 * {@link OPEN_EVENTS} open (every twentieth goes the whole workflow, accept to close; the others are
 * cancelled as duplicates), and holds new events back while the server is not keeping up, so that
 * growth in memory is a leak and not a growing open set. What was sent, held back and closed is in
 * the notes: the rate the server really sustained is sent / time. Every few seconds we sample each
 * server's V8 heap in use right after a full GC (`citybrain_bench_after_gc_bytes{kind="heap"}` from
 * /metrics, read with an API key holding metrics:read: both servers run with `--expose-gc` and
 * BENCH_EXPOSE_GC=1, so that scrape collects garbage first; see server/observability/bench-gc.ts) and
 * then its RSS (/proc/<pid>/status VmRSS, after the same GCs: two, the second waiting for the first's
 * freed pages to leave the process), and fit a least-squares slope (MB/h)
 * after a warm-up (the first half of the run, at most 30 minutes: under this load the server's memory
 * fills for about 25 minutes, its native part and V8's committed heap with it, and is level after;
 * fitted from 5 minutes, a 60-minute run measured 6.0 MB/h of RSS, and the same samples from 30
 * minutes 0.73 MB/h, docs/benchmarks.md). Heap in use without the GC swings
 * by tens of MB with the collector's cycles, which is what a short run's slope used to measure. Slopes
 * are signed: a shrinking heap is a negative slope.
 *
 * Rerun: `npm run bench -- soak` (60 minutes), `npm run bench -- soak --minutes 5` for a shorter run
 * (or `tsx bench/soak.ts [--quick] [--minutes N]`); quick mode samples ~9 s and proves only that it works.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchChild, forkLoad } from './lib/child';
import { perClientTraffic } from './lib/client-traffic';
import { cityPoints } from './lib/event-inputs';
import { cpuMeter, pct } from './lib/proc';
import { type BenchServer, startBenchServer } from './lib/server';
import { ratioOf, round, slopeFit } from './lib/stats';
import type { BenchFigure } from './types';

const RATE = 500;
const CLIENTS = 100;
const MB = 1024 * 1024;
const GOAL_MB_PER_H = 1;
/** Events the generator leaves open before it works off the oldest (fewer in quick mode). */
const OPEN_EVENTS = 10_000;
const FULL_EVERY = 20;
/** The batch cadence the wall asks for (client/pages/wall-page.tsx connects with `cadenceMs: 250`). */
const WALL_CADENCE_MS = 250;

/**
 * Reports come from every HOT_GRID_EVERY-th micro-grid (202 of the 3,229), as a city's concentrate on
 * its markets, schools and main roads. Spread over every grid, 500 a second put nearly every micro-grid
 * × category in surge (a fresh server has no history to compare with): ~30,000 live alerts whose
 * evidence then filled for hours, which a slope measured as growth.
 */
const HOT_GRID_EVERY = 16;
/** Event ids each alert keeps in the soak's rules (the city's default is 200): fills within the warm-up. */
const SOAK_EVIDENCE_IDS = 50;

const CITY_DIR = fileURLToPath(new URL('../data/longgang', import.meta.url));

interface SoakRules {
  rules: {
    surge: { windowMinutes: number; bucketMinutes: number };
    repeat: { windowMinutes: number };
    compound: { patterns: { windowMinutes: number }[] };
  };
  alerts: {
    clearMinutes: number;
    suppressMinutes: number;
    reescalateMinutes: number;
    closeAfterMinutes: number;
    evidenceIds?: number;
  };
}

/** The longest windows of a rules file, in minutes: state they bound fills for that long. */
function ruleWindows(rules: SoakRules): { surge: number; repeat: number; compound: number; close: number } {
  return {
    surge: rules.rules.surge.windowMinutes,
    repeat: rules.rules.repeat.windowMinutes,
    compound: Math.max(0, ...rules.rules.compound.patterns.map((p) => p.windowMinutes)),
    close: rules.alerts.closeAfterMinutes,
  };
}

/**
 * The city's dataset with the rules' windows cut to a few minutes, in a temp folder: everything the
 * windows bound (surge buckets, repeat reports, the compound rule's events, resolved alerts waiting to
 * close) then fills within the warm-up, and growth after it is a leak, not the fill. With the city's
 * own windows the fill lasts two hours (resolved alerts close after 120 min), longer than any soak
 * here. BENCH_SOAK_RULES=city runs with the city's own rules instead. Not cut: the traffic
 * simulator's accidents, which slow roads until 15 minutes after they clear
 * (server/traffic/accident-tracker.ts, not a city setting); at this load they fill for ~15 minutes.
 */
function shortWindowCity(evidenceIds: number | undefined): { dir: string; rules: SoakRules } {
  const dir = mkdtempSync(path.join(tmpdir(), 'citybrain-soak-city-'));
  cpSync(CITY_DIR, dir, { recursive: true });
  const file = path.join(dir, 'rules.json');
  const rules = JSON.parse(readFileSync(file, 'utf8')) as SoakRules;
  rules.rules.surge.windowMinutes = 5;
  rules.rules.surge.bucketMinutes = 1;
  rules.rules.repeat.windowMinutes = 2;
  for (const p of rules.rules.compound.patterns) p.windowMinutes = 2;
  Object.assign(rules.alerts, {
    clearMinutes: 1,
    suppressMinutes: 2,
    reescalateMinutes: 2,
    closeAfterMinutes: 2,
    ...(evidenceIds ? { evidenceIds } : {}),
  });
  writeFileSync(file, JSON.stringify(rules, null, 2));
  return { dir, rules };
}

/** The samples left out of the fit: the first half of the run, at most 30 minutes (see the header). */
export function warmUpSeconds(runSeconds: number): number {
  return Math.min(1800, runSeconds / 2);
}

/** `--minutes N` or `--minutes=N` from the command line, if given. */
export function minutesArg(argv: readonly string[] = process.argv): number | null {
  const i = argv.findIndex((a) => a === '--minutes' || a.startsWith('--minutes='));
  if (i < 0) return null;
  const raw = argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--minutes needs a positive number, got ${raw}`);
  return n;
}

/**
 * V8 heap in use right after a full GC, and external memory (Buffers and the like), from /metrics: the
 * bench servers run with `exposeGc`, so each scrape collects garbage first (server/observability/bench-gc.ts).
 * Without that, heap in use swings by tens of MB with the collector's cycles and a slope says little.
 */
async function afterGcBytes(
  server: BenchServer,
  key: string,
): Promise<{
  heap: number;
  heapTotal: number;
  external: number;
  spaces: Record<string, number>;
  text: string;
}> {
  const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${key}` } });
  const text = await res.text();
  const read = (kind: string) => {
    const m = new RegExp(`^citybrain_bench_after_gc_bytes\\{kind="${kind}"\\} (\\d+(?:\\.\\d+)?)`, 'm').exec(
      text,
    );
    if (!m)
      throw new Error(`no citybrain_bench_after_gc_bytes{kind="${kind}"} in /metrics (HTTP ${res.status})`);
    return Number(m[1]);
  };
  const spaces: Record<string, number> = {};
  for (const [kind, bytes] of Object.entries(metricByLabel(text, 'citybrain_bench_after_gc_bytes', 'kind')))
    if (kind.startsWith('committed_')) spaces[kind.slice('committed_'.length).replace(/_space$/, '')] = bytes;
  return { heap: read('heap'), heapTotal: read('heap_total'), external: read('external'), spaces, text };
}

/** A plain (unlabelled) metric's value in Prometheus text, NaN when absent. */
function metricValue(text: string, name: string): number {
  const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  return m ? Number(m[1]) : Number.NaN;
}

/**
 * A labelled counter's values summed by one label, e.g. `{raise: 12, close: 3}`, from Prometheus
 * text; with `also`, keyed `<label> <also>` (e.g. `raise repeat`).
 */
function metricByLabel(text: string, name: string, label: string, also?: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of text.matchAll(new RegExp(`^${name}\\{([^}]*)\\} (\\S+)$`, 'gm'))) {
    const labels = Object.fromEntries([...m[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    const key = also ? `${labels[label]} ${labels[also]}` : labels[label]!;
    out[key] = (out[key] ?? 0) + Number(m[2]);
  }
  return out;
}

interface Series {
  t: number[];
  rss: number[];
  heap: number[];
  heapTotal: number[];
  external: number[];
  /** V8's committed bytes per heap space at each sample (MB). */
  spaces: Record<string, number>[];
}

function alertChangesLine(byAction: Record<string, number>): string {
  const parts = Object.entries(byAction).map(([a, n]) => `${n.toLocaleString('en')} ${a}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/** Runs the soak benchmark for `--minutes` (default 60; 0.15 in quick mode). */
export async function runSoakBench(opts: { quick: boolean; minutes?: number }): Promise<BenchFigure[]> {
  const minutes = opts.minutes ?? minutesArg() ?? (opts.quick ? 0.15 : 60);
  const seconds = minutes * 60;
  const everyMs = opts.quick ? 1000 : Math.min(10_000, Math.max(1000, (seconds * 1000) / 120));
  const warmSeconds = warmUpSeconds(seconds);
  const openTarget = opts.quick ? 1000 : OPEN_EVENTS;
  // BENCH_SOAK_SPREAD=all: reports from every micro-grid and the city's 200 ids per alert, the storm
  // this benchmark used to run (alerts then fill for hours; it shows whether the screens hold on).
  const spread = process.env.BENCH_SOAK_SPREAD === 'all';
  const points = cityPoints().filter((_, i) => spread || i % HOT_GRID_EVERY === 0);
  const cityRules = process.env.BENCH_SOAK_RULES === 'city';
  const city = cityRules
    ? {
        dir: CITY_DIR,
        rules: JSON.parse(readFileSync(path.join(CITY_DIR, 'rules.json'), 'utf8')) as SoakRules,
      }
    : shortWindowCity(spread ? undefined : SOAK_EVIDENCE_IDS);
  // BENCH_SOAK_SNAPSHOTS=<dir>: the loaded server writes a heap snapshot there at half time and at the
  // end (SIGUSR2), to diff by constructor when the slope says something grows.
  const snapshotDir = process.env.BENCH_SOAK_SNAPSHOTS;
  const loaded = await startBenchServer(
    { CITY_DIR: city.dir },
    {
      exposeGc: true,
      nodeArgs: snapshotDir ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${snapshotDir}`] : [],
    },
  );
  const idle = await startBenchServer({ CITY_DIR: city.dir }, { exposeGc: true });
  const children: BenchChild[] = [];
  try {
    const keys = await Promise.all(
      [loaded, idle].map((s, i) => s.apiKey(`bench-soak-${i}`, ['metrics:read', 'events:ingest'])),
    );
    const clientsLoaded = forkLoad('socket-clients.ts');
    const clientsIdle = forkLoad('socket-clients.ts');
    const gen = forkLoad('http-generator.ts');
    children.push(clientsLoaded, clientsIdle, gen);
    await Promise.all([
      clientsLoaded.ask(
        {
          type: 'connect',
          kind: 'socketio',
          url: loaded.url,
          token: loaded.wall,
          clients: CLIENTS,
          cadenceMs: WALL_CADENCE_MS,
        },
        'connected',
      ),
      clientsIdle.ask(
        {
          type: 'connect',
          kind: 'socketio',
          url: idle.url,
          token: idle.wall,
          clients: CLIENTS,
          cadenceMs: WALL_CADENCE_MS,
        },
        'connected',
      ),
    ]);
    await Promise.all([
      clientsLoaded.ask({ type: 'measure' }, 'measuring'),
      clientsIdle.ask({ type: 'measure' }, 'measuring'),
    ]);
    const series: [Series, Series] = [
      { t: [], rss: [], heap: [], heapTotal: [], external: [], spaces: [] },
      { t: [], rss: [], heap: [], heapTotal: [], external: [], spaces: [] },
    ];
    const meters = [cpuMeter(() => loaded.cpuSeconds()), cpuMeter(() => idle.cpuSeconds())];
    for (const m of meters) m.start();
    const t0 = performance.now();
    const paced = gen.ask<{
      type: string;
      sent: number;
      skipped: number;
      cpu: number;
      statuses: Record<string, number>;
      closed: number;
      cancelled: number;
      heldBack: number;
      open: number;
      actionStatuses: Record<string, number>;
    }>(
      {
        type: 'pace',
        target: { url: loaded.url, path: '/api/events', token: keys[0], points, prefix: 'soak' },
        rate: RATE,
        seconds,
        tickMs: 50,
        startIndex: 0,
        close: { token: loaded.admin, open: openTarget, fullEvery: FULL_EVERY, inFlight: 256 },
      },
      'paced',
      seconds * 1000 + 120_000,
    );
    let lastLog = t0;
    const snapshotsAt = snapshotDir ? [seconds * 0.5, seconds * 0.97] : [];
    /** The loaded server's screens: connected, and resyncs so far (sampled with the heap). */
    let screens = {
      clients: Number.NaN,
      resyncs: Number.NaN,
      lagMaxS: 0,
      alertChanges: {} as Record<string, number>,
    };
    while (performance.now() - t0 < seconds * 1000) {
      const at = (performance.now() - t0) / 3600_000;
      await Promise.all(
        [loaded, idle].map(async (s, i) => {
          const after = await afterGcBytes(s, keys[i]!);
          if (i === 0)
            screens = {
              clients: metricValue(after.text, 'citybrain_socket_clients'),
              resyncs: metricValue(after.text, 'citybrain_live_resyncs_total'),
              lagMaxS: Math.max(
                screens.lagMaxS,
                metricValue(after.text, 'nodejs_eventloop_lag_max_seconds') || 0,
              ),
              alertChanges: metricByLabel(
                after.text,
                'citybrain_screen_alert_changes_total',
                'action',
                process.env.BENCH_SOAK_BY_RULE ? 'rule' : undefined,
              ),
            };
          series[i]!.t.push(at);
          series[i]!.heap.push(after.heap / MB);
          series[i]!.heapTotal.push(after.heapTotal / MB);
          series[i]!.external.push(after.external / MB);
          series[i]!.spaces.push(
            Object.fromEntries(Object.entries(after.spaces).map(([k, v]) => [k, round(v / MB, 1)])),
          );
          // Read after the scrape, so after the same GC.
          series[i]!.rss.push(s.rssBytes() / MB);
        }),
      );
      if (snapshotsAt.length > 0 && (performance.now() - t0) / 1000 >= snapshotsAt[0]!) {
        snapshotsAt.shift();
        process.kill(loaded.pid, 'SIGUSR2');
      }
      if (performance.now() - lastLog > Math.min(60_000, (seconds * 1000) / 10)) {
        lastLog = performance.now();
        const line = (s: Series) =>
          `heap ${round(s.heap.at(-1)!)} MB (committed ${round(s.heapTotal.at(-1)!)}: ${Object.entries(
            s.spaces.at(-1)!,
          )
            .filter(([, mb]) => mb >= 1)
            .map(([k, mb]) => `${k} ${mb}`)
            .join(', ')}), external ${round(s.external.at(-1)!)} MB, RSS ${round(s.rss.at(-1)!)} MB`;
        console.log(
          `  soak: ${Math.round((performance.now() - t0) / 1000)} s, loaded ${line(series[0])}, ${screens.clients} screens, ${screens.resyncs} resyncs, alert changes sent ${alertChangesLine(screens.alertChanges)}; idle ${line(series[1])}`,
        );
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
    const cpu = meters.map((m) => m.stop());
    // BENCH_SOAK_SERIES=<file>: every sample of both servers, to plot or fit by hand.
    if (process.env.BENCH_SOAK_SERIES)
      writeFileSync(process.env.BENCH_SOAK_SERIES, JSON.stringify({ loaded: series[0], idle: series[1] }));
    const g = await paced;
    const reports = await Promise.all(
      [clientsLoaded, clientsIdle].map((c) =>
        c.ask<{
          type: string;
          events: number;
          cpu: number;
          disconnects: number;
          reasons: Record<string, number>;
          disconnectTimes: number[];
          snapshots: number;
          messages: Record<string, number>;
          bytes: Record<string, number>;
          seconds: number;
        }>({ type: 'report' }, 'report'),
      ),
    );
    const fitAfterWarmUp = (s: Series, key: 'rss' | 'heap') => {
      const from = s.t.findIndex((t) => t * 3600 >= warmSeconds);
      return slopeFit(s.t.slice(from), s[key].slice(from));
    };
    const [a, b] = series;
    const windows = ruleWindows(city.rules);
    const fits = {
      heap: [fitAfterWarmUp(a, 'heap'), fitAfterWarmUp(b, 'heap')],
      RSS: [fitAfterWarmUp(a, 'rss'), fitAfterWarmUp(b, 'rss')],
    };
    const fitLine = (what: 'heap' | 'RSS') =>
      `${what} ${fits[what].map((f, i) => `${i ? 'idle' : 'loaded'} ${round(f.slope, 2)} ± ${round(f.se, 2)} MB/h (scatter ${round(f.residualSd, 2)} MB)`).join(', ')}`;
    const span = (s: number[]) => `${round(s[0]!)} → ${round(s.at(-1)!)} MB`;
    const notes = `${round(minutes, 2)} min, ${a.t.length} samples every ${round(everyMs / 1000, 1)} s, warm-up ${round(warmSeconds)} s excluded from the fit; slopes ± their standard error, taking the samples as independent (they are not, so the true uncertainty is larger), and the samples' scatter about the line: ${fitLine('heap')}; ${fitLine('RSS')}; heap is V8 heap in use and RSS is read right after two forced full GCs (the second waits for the pages the first freed to go back to the OS; committed heap and external memory beside it). Loaded: heap ${span(a.heap)} (committed ${span(a.heapTotal)}, external ${span(a.external)}), RSS ${span(a.rss)}, ${g.sent.toLocaleString('en')} events sent (${g.skipped.toLocaleString('en')} skipped as the server lagged, ${g.heldBack.toLocaleString('en')} held back while the open set was over its target), ${g.closed.toLocaleString('en')} worked to closed and ${g.cancelled.toLocaleString('en')} cancelled through the action API, ${g.open.toLocaleString('en')} left open (target ${openTarget.toLocaleString('en')}; action answers ${Object.entries(
      g.actionStatuses,
    )
      .map(([s, n]) => `${n.toLocaleString('en')}× ${s}`)
      .join(
        ', ',
      )}), ${reports[0]!.events.toLocaleString('en')} delivered to ${CLIENTS} clients (${reports[0]!.disconnects} disconnects${
      reports[0]!.disconnects
        ? `: ${Object.entries(reports[0]!.reasons)
            .map(([r, n]) => `${n} ${r}`)
            .join(
              ', ',
            )}, from ${Math.round(Math.min(...reports[0]!.disconnectTimes))} s to ${Math.round(Math.max(...reports[0]!.disconnectTimes))} s`
        : ''
    }; ${reports[0]!.snapshots} snapshots decoded by them while measured (resyncs), ${screens.resyncs} resyncs counted by the server; alert changes sent to every screen ${alertChangesLine(screens.alertChanges)}; event-loop lag up to ${round(screens.lagMaxS, 2)} s at the samples); server CPU ${pct(cpu[0]!)}, generator ${pct(g.cpu)}, clients ${pct(reports[0]!.cpu)}; each client got ${perClientTraffic(reports[0]!.messages, reports[0]!.bytes, CLIENTS, reports[0]!.seconds)}. Idle: heap ${span(b.heap)} (committed ${span(b.heapTotal)}, external ${span(b.external)}), RSS ${span(b.rss)}, server CPU ${pct(cpu[1]!)}, clients ${pct(reports[1]!.cpu)}.${opts.quick ? ' A quick run only proves the benchmark works.' : ''} Rules: ${cityRules ? "the city's own (data/longgang/rules.json)" : "the city's with their windows cut so that what they bound fills within the warm-up (BENCH_SOAK_RULES=city for the city's own)"}: surge counts ${windows.surge} min, repeat-rule reports ${windows.repeat} min, compound-rule events ${windows.compound} min, resolved alerts kept ${windows.close} min before they close, ${city.rules.alerts.evidenceIds ?? 200} event ids kept per alert; reports come from ${points.length} micro-grids (${spread ? 'all of them: BENCH_SOAK_SPREAD=all' : `every ${HOT_GRID_EVERY}th`}), and this load raises an alert for nearly every grid and category it touches, so with longer windows or more evidence a slope includes that fill, not only leaks.`;
    const detail = `${RATE} events/s with ${CLIENTS} clients for ${round(minutes, 2)} min, steady state (about ${openTarget.toLocaleString('en')} open: the oldest are worked off through the action API, 1 in ${FULL_EVERY} accept → close, the rest cancelled), least-squares slope after warm-up`;
    const fig = (what: string, value: number, base: number): BenchFigure => ({
      name: 'soak',
      variant: what,
      detail: `${what === 'heap' ? 'V8 heap in use' : 'resident set size'} slope, ${detail}`,
      value: round(value, 3),
      unit: 'MB/h',
      baseline: `an idle server holding the same ${CLIENTS} clients, same time, side by side`,
      baselineValue: round(base, 3),
      ratio: ratioOf(value, base),
      goal: `< ${GOAL_MB_PER_H} MB/h after warm-up`,
      met: value < GOAL_MB_PER_H,
      notes,
      signed: true,
      rerun: `npm run bench -- soak --minutes ${round(minutes, 2)}`,
    });
    return [
      fig('heap', fits.heap[0]!.slope, fits.heap[1]!.slope),
      fig('RSS', fits.RSS[0]!.slope, fits.RSS[1]!.slope),
    ];
  } finally {
    await Promise.all(children.map((c) => c.stop()));
    await Promise.all([loaded.stop(), idle.stop()]);
    if (!cityRules) rmSync(city.dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const f of await runSoakBench({ quick: process.argv.includes('--quick') })) {
    console.log(
      `${f.name} (${f.detail}): ${f.value} ${f.unit} vs ${f.baselineValue} (${f.baseline}) (goal ${f.goal}: ${f.met ? 'met' : 'NOT met'})\n  ${f.notes}`,
    );
  }
}
