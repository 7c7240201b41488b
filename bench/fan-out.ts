/**
 * Fan-out latency: ingest → screen, p50/p99 over every event every client received, at 100 and 1,000
 * events/s × 50 and 200 clients, plus the saturation rate (50 clients). Latency is receive time −
 * `occurredAt`, which the generator stamps just before it POSTs (same machine, same clock), so it covers
 * HTTP, validation, commit, the wait for the next 50 ms flush, broadcast and the client's parse.
 *
 * Ours: the real server as a child process (SIM=off) and real socket.io-clients with the wall's display
 * token (`sync:hello`), in separate processes (100 clients per process). Baseline, same run, same
 * generator and bodies: a minimal `ws` server (bench/load/ws-broadcast.ts) that turns each POST into
 * events of the same shape and broadcasts them pre-framed on the same 50 ms cadence to plain `ws` clients.
 * CPU of server, generator and client processes is reported, since all share 2 cores.
 *
 * Rerun: `npm run bench -- fan-out` (or `tsx bench/fan-out.ts [--quick] [--load 1000x200 …]`, the latter for only
 * those load points and no saturation run).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchChild, forkLoad } from './lib/child';
import { perClientTraffic } from './lib/client-traffic';
import { newestProfile, summarizeProfile } from './lib/cpu-profile';
import { CITY_DIR, cityPoints } from './lib/event-inputs';
import { cpuMeter, cpuSecondsOf, pct } from './lib/proc';
import { type BenchServer, removeServerDir, startBenchServer } from './lib/server';
import { LatencyHistogram, ratioOf, round } from './lib/stats';
import type { BenchFigure } from './types';

const FLUSH_MS = 50;
const CLIENTS_PER_PROCESS = 100;
const TICK_MS = 20;

interface Measured {
  p50: number;
  p99: number;
  /** The part after the flush: receive time − the batch's `at` (p50, p99 over events). */
  afterFlushP50: number;
  afterFlushP99: number;
  /** The client processes' event-loop delay (p99 and max, ms): a message's wait behind the other screens' work. */
  clientLoopDelay: { p99: number; max: number }[];
  /** Events received / (events sent × clients). */
  delivered: number;
  sent: number;
  skipped: number;
  serverCpu: number;
  generatorCpu: number;
  clientCpu: number[];
  disconnects: number;
  /** What each client received per second, by event name (messages and bytes). */
  perClient: string;
  /** When the measured window ended and how long it was (performance.now(), ms), for the profile. */
  endedAt: number;
  ms: number;
}

/** One arm (ours or the baseline) with its clients connected, able to run load steps. */
interface Arm {
  step(rate: number, seconds: number, warmSeconds: number): Promise<Measured>;
  close(): Promise<string>;
}

let runIndex = 0;

/** The city's rules with every rule switched off, as a DATA_DIR `rules.json` override (what an admin's change writes). */
export function rulesOff(): string {
  const config = JSON.parse(readFileSync(path.join(CITY_DIR, 'rules.json'), 'utf8')) as {
    rules: Record<string, { enabled: boolean }>;
  };
  for (const rule of Object.values(config.rules)) rule.enabled = false;
  return JSON.stringify(config);
}

async function openArm(
  kind: 'ours' | 'baseline',
  clients: number,
  points: [number, number][],
  profile: boolean,
  /** Ours with every alert rule off: no alerts and no plans, only the events (to show what they cost). */
  noRules = false,
): Promise<Arm> {
  let server: BenchServer | null = null;
  let ws: BenchChild | null = null;
  let url: string;
  let token: string;
  let pid: number;
  let ingestToken = 'none';
  if (kind === 'ours') {
    server = await startBenchServer(
      { FLUSH_MS: String(FLUSH_MS) },
      { profile, ...(noRules ? { files: { 'rules.json': rulesOff() } } : {}) },
    );
    url = server.url;
    token = server.wall;
    pid = server.pid;
    ingestToken = await server.apiKey('bench-fan-out', ['events:ingest']);
  } else {
    ws = forkLoad('ws-broadcast.ts');
    url = (await ws.ask<{ type: string; url: string }>({ type: 'listen', flushMs: FLUSH_MS }, 'listening'))
      .url;
    token = '';
    pid = ws.pid;
  }
  const gen = forkLoad('http-generator.ts');
  const procs: BenchChild[] = [];
  for (let left = clients; left > 0; left -= CLIENTS_PER_PROCESS) {
    const c = forkLoad('socket-clients.ts');
    procs.push(c);
    await c.ask(
      {
        type: 'connect',
        kind: kind === 'ours' ? 'socketio' : 'ws',
        url,
        token,
        clients: Math.min(left, CLIENTS_PER_PROCESS),
      },
      'connected',
    );
  }
  const target = {
    url,
    path: kind === 'ours' ? '/api/events' : '/ingest',
    token: ingestToken,
    points,
    prefix: `fo${runIndex++}`,
  };
  let index = 0;
  const pace = async (rate: number, seconds: number) => {
    const r = await gen.ask<{
      type: string;
      sent: number;
      skipped: number;
      cpu: number;
      statuses: Record<string, number>;
    }>(
      { type: 'pace', target, rate, seconds, tickMs: TICK_MS, startIndex: index },
      'paced',
      seconds * 1000 + 60_000,
    );
    index += r.sent;
    const failed = Object.entries(r.statuses).reduce((n, [s, c]) => n + (s === '202' ? 0 : c), 0);
    // A rare connection reset is noise; anything more means the figure is not what it claims.
    if (failed > Math.max(1, 0.01 * (r.statuses['202'] ?? 0)))
      throw new Error(`fan-out ${kind}: generator got ${JSON.stringify(r.statuses)}`);
    return r;
  };
  return {
    async step(rate, seconds, warmSeconds) {
      if (warmSeconds > 0) {
        await pace(rate, warmSeconds);
        // Let the warm-up's last batch land before counting.
        await new Promise((res) => setTimeout(res, FLUSH_MS * 2 + 100));
      }
      await Promise.all(procs.map((p) => p.ask({ type: 'measure' }, 'measuring')));
      const meter = cpuMeter(() => cpuSecondsOf(pid));
      meter.start();
      const t0 = performance.now();
      const r = await pace(rate, seconds);
      const serverCpu = meter.stop();
      const endedAt = performance.now();
      // The last events are at most one flush plus transit away.
      await new Promise((res) => setTimeout(res, FLUSH_MS * 4 + 200));
      const reports = await Promise.all(
        procs.map((p) =>
          p.ask<{
            type: string;
            hist: [number, number][];
            sinceFlush: [number, number][];
            loopDelayP99Ms: number;
            loopDelayMaxMs: number;
            events: number;
            cpu: number;
            disconnects: number;
            messages: Record<string, number>;
            bytes: Record<string, number>;
          }>({ type: 'report' }, 'report'),
        ),
      );
      const hist = new LatencyHistogram();
      const afterFlush = new LatencyHistogram();
      for (const rep of reports) {
        hist.addSparse(rep.hist);
        afterFlush.addSparse(rep.sinceFlush);
      }
      const received = reports.reduce((s, rep) => s + rep.events, 0);
      const messages: Record<string, number> = {};
      const bytes: Record<string, number> = {};
      for (const rep of reports) {
        for (const [name, n] of Object.entries(rep.messages)) messages[name] = (messages[name] ?? 0) + n;
        for (const [name, n] of Object.entries(rep.bytes)) bytes[name] = (bytes[name] ?? 0) + n;
      }
      return {
        p50: hist.quantile(0.5),
        p99: hist.quantile(0.99),
        afterFlushP50: afterFlush.quantile(0.5),
        afterFlushP99: afterFlush.quantile(0.99),
        clientLoopDelay: reports.map((rep) => ({
          p99: Math.round(rep.loopDelayP99Ms),
          max: Math.round(rep.loopDelayMaxMs),
        })),
        delivered: r.sent > 0 ? received / (r.sent * clients) : 0,
        sent: r.sent,
        skipped: r.skipped,
        serverCpu,
        generatorCpu: r.cpu,
        clientCpu: reports.map((rep) => rep.cpu),
        disconnects: reports.reduce((s, rep) => s + rep.disconnects, 0),
        perClient: perClientTraffic(messages, bytes, clients, (endedAt - t0) / 1000),
        endedAt,
        ms: endedAt - t0,
      };
    },
    async close() {
      await Promise.all(procs.map((p) => p.stop()));
      await gen.stop();
      await ws?.stop();
      return '';
    },
    // Profile access for ours, below.
    ...(server ? { server } : {}),
  } as Arm;
}

/** Closes ours and summarises its profile over `m`'s window. */
async function closeOurs(arm: Arm, m: Measured | null): Promise<string> {
  await arm.close();
  const server = (arm as Arm & { server?: BenchServer }).server;
  if (!server) return '';
  const exitAt = await server.stop();
  const file = server.profileDir ? newestProfile(server.profileDir) : null;
  const summary =
    file && m
      ? summarizeProfile(file, { fromEndMs: exitAt - m.endedAt + m.ms, toEndMs: exitAt - m.endedAt })
      : '';
  removeServerDir(server);
  return summary;
}

function sides(m: Measured, server: string): string {
  const loop = m.clientLoopDelay.map((d) => `${d.p99}/${d.max}`).join(' + ');
  return `after the flush p50 ${m.afterFlushP50} ms, p99 ${m.afterFlushP99} ms (client event-loop delay p99/max ${loop} ms); ${server} CPU ${pct(m.serverCpu)}, generator ${pct(m.generatorCpu)}, client processes ${m.clientCpu.map(pct).join(' + ')}; delivered ${round(m.delivered * 100, 1)} %${m.skipped ? `, generator skipped ${m.skipped} events (server backlog)` : ''}${m.disconnects ? `, ${m.disconnects} disconnects` : ''}; each client got ${m.perClient}`;
}

/** Runs the fan-out benchmark: four load points and saturation (one small point in quick mode). */
export async function runFanOutBench(opts: { quick: boolean; only?: string[] }): Promise<BenchFigure[]> {
  const points = cityPoints();
  const all = opts.quick
    ? [{ rate: 100, clients: 10 }]
    : [
        { rate: 100, clients: 50 },
        { rate: 1000, clients: 50 },
        { rate: 100, clients: 200 },
        { rate: 1000, clients: 200 },
      ];
  // `--load 1000x200` (repeatable): only those points, and no saturation run (a quicker look).
  const only = opts.only ?? [];
  const loads = only.length ? all.filter((l) => only.includes(`${l.rate}x${l.clients}`)) : all;
  const seconds = opts.quick ? 1.5 : 10;
  const warm = opts.quick ? 0.5 : 3;
  const figures: BenchFigure[] = [];
  for (const { rate, clients } of loads) {
    const heavy = rate === 1000 && clients === 200;
    /** One step on a fresh server of ours (profiled or with every rule off), then its profile's summary. */
    const runOurs = async (profile: boolean, noRules: boolean) => {
      const arm = await openArm('ours', clients, points, profile, noRules);
      let m: Measured | null = null;
      let summary = '';
      try {
        m = await arm.step(rate, seconds, warm);
      } finally {
        summary = await closeOurs(arm, m);
      }
      return { m, summary };
    };
    const { m: a, summary: profile } = await runOurs(heavy, false);
    const baseArm = await openArm('baseline', clients, points, false);
    let b: Measured;
    try {
      b = await baseArm.step(rate, seconds, warm);
    } finally {
      await baseArm.close();
    }
    const ratio = a.p99 / b.p99;
    const metRatio = ratio <= 2;
    const metAbs = !heavy || a.p99 < 100;
    // What the alert storm costs: the same load on ours with every rule off (no alerts, no plans).
    let withoutRules = '';
    if (heavy && !(metRatio && metAbs)) {
      const { m: c } = await runOurs(false, true);
      withoutRules = ` The same load with every alert rule off (DATA_DIR rules.json, so no alerts and no plans): p99 ${c.p99} ms (${ratioOf(c.p99, b.p99)}× the baseline), p50 ${c.p50} ms; ${sides(c, 'server')}.`;
    }
    const clientBound = [...a.clientCpu, ...b.clientCpu].some((c) => c > 0.9);
    figures.push({
      name: 'fan-out',
      variant: `${rate.toLocaleString('en')} ev/s × ${clients}`,
      detail: `p99 ingest→client latency at ${rate.toLocaleString('en')} events/s × ${clients} clients, ${seconds} s after ${warm} s warm-up, ${FLUSH_MS} ms flush; p50 ${a.p50} ms (baseline ${b.p50} ms)`,
      value: a.p99,
      unit: 'ms p99',
      baseline:
        'minimal ws server broadcasting the same batches pre-framed on the same 50 ms cadence, same generator',
      baselineValue: b.p99,
      ratio: ratioOf(a.p99, b.p99),
      goal: heavy ? 'p99 ≤ 2× baseline and < 100 ms' : 'p99 ≤ 2× baseline',
      met: metRatio && metAbs,
      notes: `Ours: ${sides(a, 'server')}. Baseline: ${sides(b, 'ws server')}.${withoutRules}${clientBound ? ' A client process was near a full core: part of the latency is the clients’ own queueing (both arms).' : ''}${(!metRatio || !metAbs) && profile ? ` Why: ${profile}` : ''}`,
    });
  }
  if (!opts.quick && only.length === 0) figures.push(await saturation(points));
  return figures;
}

/** The highest offered rate each arm sustains with 50 clients (≥ 95 % delivered, p99 < 1 s, nothing skipped). */
async function saturation(points: [number, number][]): Promise<BenchFigure> {
  const rates = [2000, 5000, 10000, 20000];
  const clients = 50;
  const sustain = async (kind: 'ours' | 'baseline') => {
    const arm = await openArm(kind, clients, points, false);
    let best = 0;
    const log: string[] = [];
    try {
      for (const rate of rates) {
        const m = await arm.step(rate, 4, 1);
        const ok = m.delivered >= 0.95 && m.p99 < 1000 && m.skipped <= rate * 0.05;
        log.push(`${rate}/s: p99 ${m.p99} ms, ${sides(m, 'server')}`);
        if (!ok) break;
        best = rate;
      }
    } finally {
      if (kind === 'ours') await closeOurs(arm, null);
      else await arm.close();
    }
    return { best, log };
  };
  const a = await sustain('ours');
  const b = await sustain('baseline');
  // A rate below the first step is reported as half of it, so the figure stays positive and honest-ish.
  const value = a.best || rates[0]! / 2;
  const baselineValue = b.best || rates[0]! / 2;
  return {
    name: 'fan-out',
    variant: 'saturation',
    detail: `saturation: highest offered rate (steps ${rates.join(', ')} events/s, 4 s each) sustained with ${clients} clients at ≥ 95 % delivered, p99 < 1 s and no generator backlog; "${rates[0]! / 2}" means below the first step`,
    value,
    unit: 'events/s',
    baseline: 'the same steps against the minimal ws broadcast server',
    baselineValue,
    ratio: ratioOf(value, baselineValue),
    goal: '≥ 1,000 events/s (the highest load point)',
    met: a.best >= 1000,
    notes: `Ours: ${a.log.join(' | ')}. Baseline: ${b.log.join(' | ')}.`,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const only = process.argv.flatMap((a, i) => (process.argv[i - 1] === '--load' ? [a] : []));
  for (const f of await runFanOutBench({ quick: process.argv.includes('--quick'), only })) {
    console.log(
      `${f.name} (${f.detail}): ${f.value} ${f.unit} vs ${f.baselineValue} = ${f.ratio}× (goal ${f.goal}: ${f.met ? 'met' : 'NOT met'})\n  ${f.notes}`,
    );
  }
}
