/**
 * Ingest throughput: events/s through the real server, HTTP batch → validated → located → committed →
 * broadcast (one wall subscribed), against two baselines measured in the same run:
 * - raw better-sqlite3: the same rows (events, transitions, change log) inserted into the same schema,
 *   same pragmas (the checkpoint interval included), in transactions of 1,000, in this process with
 *   nothing else to do;
 * - a bare Fastify route that parses the same bodies and answers 204 (the HTTP + JSON ceiling).
 * The server runs as its own process (SIM=off, temp DATA_DIR, LOG_LEVEL=warn), the generator in another,
 * posting 1,000-event batches over 4 keep-alive connections; CPU of each side is reported.
 *
 * Rerun: `npm run bench -- ingest` (or `tsx bench/ingest.ts [--quick]`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { WAL_AUTOCHECKPOINT_PAGES } from '../server/store/sqlite-connection';
import { SQLITE_MIGRATIONS } from '../server/store/sqlite-migrations';
import { subcategoryOf } from '../shared/domain/categories';
import type { GridEvent } from '../shared/schemas/event';
import { type BenchChild, forkLoad } from './lib/child';
import { newestProfile, summarizeProfile } from './lib/cpu-profile';
import { cityPoints, eventInput, loadCity } from './lib/event-inputs';
import { cpuMeter, cpuSecondsOf, pct } from './lib/proc';
import { removeServerDir, startBenchServer } from './lib/server';
import { ratioOf } from './lib/stats';
import type { BenchFigure } from './types';

const GOAL_RATE = 100_000;
const GOAL_RATIO = 0.25;
const BATCH = 1000;
const CONCURRENCY = 4;

/** The raw SQLite baseline: events/s inserting `events` as the store's rows, same schema and pragmas. */
function sqliteBaseline(events: GridEvent[]): number {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'city-brain-bench-sqlite-'));
  try {
    const db = new Database(path.join(dir, 'raw.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    for (const sql of SQLITE_MIGRATIONS) db.exec(sql);
    const insertEvent = db.prepare(
      `INSERT OR IGNORE INTO events (id, status, category, micro_id, version, occurred_at, updated_at, payload)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertTransition = db.prepare(
      `INSERT INTO transitions (event_id, action, from_status, to_status, actor, note, at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertChange = db.prepare('INSERT INTO changes (entity_id, at, payload) VALUES (?, ?, ?)');
    // Payloads serialised beforehand: the baseline is the insert alone.
    const rows = events.map((e) => ({ e, payload: JSON.stringify(e) }));
    const tx = db.transaction((chunk: typeof rows) => {
      for (const { e, payload } of chunk) {
        insertEvent.run(
          e.id,
          e.status,
          e.category,
          e.grid?.micro ?? null,
          1,
          e.occurredAt,
          e.updatedAt,
          payload,
        );
        insertTransition.run(e.id, 'report', null, e.status, e.source, '', e.receivedAt);
        insertChange.run(e.id, e.updatedAt, payload);
      }
    });
    const t0 = performance.now();
    for (let i = 0; i < rows.length; i += BATCH) tx(rows.slice(i, i + BATCH));
    const secs = (performance.now() - t0) / 1000;
    db.close();
    return rows.length / secs;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Run {
  rate: number;
  seconds: number;
  serverCpu: number;
  generatorCpu: number;
  statuses: Record<string, number>;
}

/** Warms up, then sends `batches` batches through `gen` to `target`, measuring the receiver's CPU. */
async function drive(
  gen: BenchChild,
  target: { url: string; path: string; token: string; points: [number, number][] },
  batches: number,
  warmBatches: number,
  receiverPid: number,
  prefix: string,
): Promise<Run> {
  const go = async (n: number, p: string) => {
    await gen.ask(
      {
        type: 'prepare',
        target: { ...target, prefix: p },
        batches: n,
        batchSize: BATCH,
        concurrency: CONCURRENCY,
      },
      'prepared',
    );
    const meter = cpuMeter(() => cpuSecondsOf(receiverPid));
    meter.start();
    const done = await gen.ask<{
      type: string;
      seconds: number;
      cpu: number;
      statuses: Record<string, number>;
    }>({ type: 'go', target: { ...target, prefix: p }, concurrency: CONCURRENCY }, 'done', 600_000);
    return { ...done, serverCpu: meter.stop() };
  };
  await go(warmBatches, `${prefix}-warm`);
  const r = await go(batches, prefix);
  return {
    rate: (batches * BATCH) / r.seconds,
    seconds: r.seconds,
    serverCpu: r.serverCpu,
    generatorCpu: r.cpu,
    statuses: r.statuses,
  };
}

function checkStatuses(what: string, statuses: Record<string, number>, ok: number): void {
  const bad = Object.entries(statuses).filter(([s]) => Number(s) !== ok);
  if (bad.length > 0) throw new Error(`${what}: unexpected answers ${JSON.stringify(statuses)}`);
}

/** Runs the ingest benchmark: 100 batches of 1,000 (10 in quick mode) per arm. */
export async function runIngestBench(opts: { quick: boolean }): Promise<BenchFigure[]> {
  const batches = opts.quick ? 10 : 100;
  const warm = opts.quick ? 2 : 20;
  const city = loadCity();
  const points = cityPoints(city);

  // Baseline 1: the same rows, raw, in this process.
  const receivedAt = Date.now();
  const rows: GridEvent[] = [];
  for (let i = 0; i < batches * BATCH; i++) {
    const input = eventInput('raw', i, points);
    rows.push({
      id: input.id!,
      source: input.source,
      category: input.category,
      subcategory: input.subcategory,
      severity: subcategoryOf(input.category, input.subcategory)?.severity ?? 'low',
      lon: input.lon!,
      lat: input.lat!,
      grid: city.locate(input.lon!, input.lat!),
      description: input.description,
      keyPerson: false,
      keyAreaId: null,
      reporter: null,
      status: 'reported',
      version: 1,
      assignee: null,
      occurredAt: receivedAt,
      receivedAt,
      updatedAt: receivedAt,
      dispatchedAt: null,
      dueAt: null,
      closedAt: null,
    });
  }
  const sqliteRate = sqliteBaseline(rows);
  rows.length = 0;

  // Ours: the real server, with one wall subscribed so every commit is also broadcast.
  const server = await startBenchServer({}, { profile: !opts.quick });
  const gen = forkLoad('http-generator.ts');
  const wall = forkLoad('socket-clients.ts');
  let ours: Run;
  let profile = '';
  try {
    await wall.ask(
      { type: 'connect', kind: 'socketio', url: server.url, token: server.wall, clients: 1 },
      'connected',
    );
    const token = await server.apiKey('bench-ingest', ['events:ingest']);
    ours = await drive(
      gen,
      { url: server.url, path: '/api/events', token, points },
      batches,
      warm,
      server.pid,
      'ing',
    );
    const t1 = performance.now();
    checkStatuses('ingest', ours.statuses, 202);
    await wall.ask({ type: 'close' }, 'closed');
    const exitAt = await server.stop();
    const file = server.profileDir ? newestProfile(server.profileDir) : null;
    // The load window only: the measured run ends t1 and lasted (t1 - ours.seconds).
    if (file)
      profile = summarizeProfile(file, {
        fromEndMs: exitAt - t1 + ours.seconds * 1000,
        toEndMs: exitAt - t1,
      });
  } finally {
    await wall.stop();
    await server.stop();
    removeServerDir(server);
  }

  // Baseline 2: bare Fastify, same generator, same bodies.
  const bare = forkLoad('bare-fastify.ts');
  let bareRun: Run;
  try {
    const { url } = await bare.ask<{ type: string; url: string }>({ type: 'listen' }, 'listening');
    bareRun = await drive(
      gen,
      { url, path: '/api/events', token: 'none', points },
      batches,
      warm,
      bare.pid,
      'bare',
    );
    checkStatuses('bare Fastify', bareRun.statuses, 204);
  } finally {
    await bare.stop();
    await gen.stop();
  }

  const events = batches * BATCH;
  const cpu = (r: Run, who: string) =>
    `${who} CPU ${pct(r.serverCpu)}, generator CPU ${pct(r.generatorCpu)} (of one core; 2 cores shared)`;
  const saturatedGen =
    ours.generatorCpu > 0.9
      ? ' The generator was near one full core: the figure may be generator-bound.'
      : '';
  const metRate = ours.rate >= GOAL_RATE;
  const metRatio = ours.rate >= GOAL_RATIO * sqliteRate;
  const missed = !metRate || !metRatio;
  const notes = `Ours: ${cpu(ours, 'server')}; bare Fastify: ${cpu(bareRun, 'server')}.${saturatedGen}${missed && profile ? ` Why: ${profile}` : ''}`;
  const detail = `${events.toLocaleString('en')} events in ${batches} POSTs of ${BATCH}, ${CONCURRENCY} keep-alive connections, after ${warm} warm-up batches; server a child process (SIM=off, LOG_LEVEL=warn), one wall subscribed`;
  return [
    {
      name: 'ingest',
      variant: 'vs raw SQLite',
      detail: `events/s HTTP batch → validated → located → committed → broadcast vs raw SQLite; ${detail}`,
      value: Math.round(ours.rate),
      unit: 'events/s',
      baseline:
        'raw better-sqlite3 insert of the same rows into the same schema (WAL, synchronous=NORMAL, the same checkpoint interval), 1,000 per transaction, same run',
      baselineValue: Math.round(sqliteRate),
      ratio: ratioOf(ours.rate, sqliteRate),
      goal: `≥ ${GOAL_RATE.toLocaleString('en')} events/s and ≥ ${GOAL_RATIO}× baseline`,
      met: !missed,
      notes,
    },
    {
      name: 'ingest',
      variant: 'vs bare Fastify',
      detail: `the same run against a bare Fastify route; ${detail}`,
      value: Math.round(ours.rate),
      unit: 'events/s',
      baseline: 'bare Fastify POST route parsing the same bodies and answering 204, same generator',
      baselineValue: Math.round(bareRun.rate),
      ratio: ratioOf(ours.rate, bareRun.rate),
      goal: `≥ ${GOAL_RATE.toLocaleString('en')} events/s (the baseline is the HTTP + JSON ceiling)`,
      met: metRate,
      notes,
    },
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const f of await runIngestBench({ quick: process.argv.includes('--quick') })) {
    console.log(
      `${f.name}: ${f.value} ${f.unit} vs ${f.baselineValue} (${f.baseline}) = ${f.ratio}× (goal ${f.goal}: ${f.met ? 'met' : 'NOT met'})\n  ${f.notes}`,
    );
  }
}
