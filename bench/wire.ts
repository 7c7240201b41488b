/**
 * Bytes on the wire to a screen.
 *
 * Per traffic update: the binary frame walls receive (shared/traffic/wire.ts) against the same state
 * as JSON objects per segment and lot ({id, speedKmh, level} / {id, occupied}), the form a naive push
 * would use. Longgang's real network (1,515 segments, 60 lots), speeds from the traffic simulator
 * across a weekday so values have realistic widths.
 *
 * Per event: the live batches a wall receives (`sync:batch-columns`, shared/snapshot-columns.ts: the
 * wall asks `compact` and a 250 ms cadence) against one JSON message per event. The events are the
 * simulator's reports (its mix of categories, a third drawn to key areas, positions located in the
 * city's grids, ids as the server gives them) at 500 a second, masked as a wall sees them.
 *
 * Sizes are payload bytes; Socket.IO adds a few dozen bytes of framing to each message (which only
 * widens the gap for one message per event). `tsx bench/wire.ts [--quick]` prints the figures.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import { ManualClock } from '../server/clock';
import type { ParkingLot, RoadSegment } from '../server/geo/city-dataset';
import { generateEvents } from '../server/sim/event-generator';
import { createSimulationSpace } from '../server/sim/simulation-space';
import { TrafficSimulator } from '../server/traffic/traffic-simulator';
import { maskEvent } from '../shared/auth/mask';
import type { LiveBatch } from '../shared/protocol';
import type { GridEvent } from '../shared/schemas/event';
import { encodeBatch } from '../shared/snapshot-columns';
import { levelOfSpeed } from '../shared/traffic/speed-bands';
import { encodeTrafficFrame, layoutHash } from '../shared/traffic/wire';
import { createRandom } from '../shared/util/random';
import { makeEvent } from '../tests/fixtures/events';
import { loadCity } from './lib/event-inputs';
import type { BenchFigure } from './types';

const GOAL_RATIO = 0.5;
const readData = <T>(name: string): T =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../data/longgang/${name}`, import.meta.url)), 'utf8')) as T;

export async function runWireBench(opts: { quick: boolean }): Promise<BenchFigure[]> {
  const roads = readData<{ segments: RoadSegment[] }>('roads.json').segments;
  const parking = readData<{ lots: ParkingLot[] }>('parking.json').lots;
  const keyAreas = readData<{ areas: { type: string; lon: number; lat: number }[] }>('key-areas.json').areas;
  const sim = new TrafficSimulator({
    clock: new ManualClock(0),
    seed: 20200928,
    network: { roads, parking, keyAreas },
    offsetMinutes: 480,
    rain: false,
    ingest: () => {},
  });
  const layout = layoutHash(
    roads.map((r) => r.id),
    parking.map((p) => p.id),
  );
  // Updates spread over a Monday (2026-03-02, local), night and rush hours alike.
  const updates = opts.quick ? 8 : 288;
  const start = Date.UTC(2026, 2, 1, 16, 0);
  const sizes = { binary: 0, json: 0, binaryDeflated: 0, jsonDeflated: 0 };
  for (let u = 0; u < updates; u++) {
    const at = start + Math.floor((u * 86_400_000) / updates);
    const { speeds, occupied } = sim.valuesAt(at);
    const binary = encodeTrafficFrame({ version: u, at, layout, speeds, occupied });
    const json = Buffer.from(
      JSON.stringify({
        version: u,
        at,
        segments: roads.map((r, i) => ({
          id: r.id,
          speedKmh: Math.round(speeds[i]! * 10) / 10,
          level: levelOfSpeed(speeds[i]!, r.roadClass),
        })),
        lots: parking.map((p, j) => ({ id: p.id, occupied: occupied[j]! })),
      }),
    );
    sizes.binary += binary.byteLength;
    sizes.json += json.byteLength;
    sizes.binaryDeflated += deflateRawSync(binary).byteLength;
    sizes.jsonDeflated += deflateRawSync(json).byteLength;
  }
  const per = (n: number) => Math.round(n / updates);
  const ratio = sizes.binary / sizes.json;
  const deflatedRatio = sizes.binaryDeflated / sizes.jsonDeflated;
  const detail = `${roads.length} segments and ${parking.length} lots per update, mean of ${updates} simulated updates over a weekday`;
  return [
    {
      name: 'wire',
      detail: `bytes per traffic update (full state), ${detail}`,
      value: per(sizes.binary),
      unit: 'bytes/update',
      baseline: 'the same state as JSON objects per segment and lot',
      baselineValue: per(sizes.json),
      ratio: Math.round(ratio * 1000) / 1000,
      goal: `≤ ${GOAL_RATIO}× baseline`,
      met: ratio <= GOAL_RATIO,
    },
    {
      name: 'wire',
      variant: 'deflated',
      detail: `as "wire", both compressed with raw deflate as permessage-deflate would, ${detail}`,
      value: per(sizes.binaryDeflated),
      unit: 'bytes/update',
      baseline: 'the JSON form, deflated',
      baselineValue: per(sizes.jsonDeflated),
      ratio: Math.round(deflatedRatio * 1000) / 1000,
      goal: `≤ ${GOAL_RATIO}× baseline`,
      met: deflatedRatio <= GOAL_RATIO,
    },
    eventBytes(opts.quick),
  ];
}

/** Reports a second and the wall's batch cadence for the per-event figure. */
const EVENT_RATE = 500;
const WALL_CADENCE_MS = 250;

/** Bytes per event in the wall's live batches against one JSON message per event. */
function eventBytes(quick: boolean): BenchFigure {
  const dataset = loadCity();
  const space = createSimulationSpace(dataset);
  const seconds = quick ? 4 : 120;
  // 09:00 in Longgang on a Monday, a busy hour; the generator's rate follows the hour, so scale the
  // day's count to give EVENT_RATE at this hour.
  const from = Date.UTC(2026, 2, 2, 1, 0);
  const perDay = (EVENT_RATE * 86_400) / hourFactor(space, from);
  const inputs = generateEvents(createRandom(20200928), space, from, from + seconds * 1000, perDay);
  const batches = new Map<number, GridEvent[]>();
  for (const input of inputs) {
    const occurredAt = input.occurredAt!;
    const receivedAt = occurredAt + 150;
    // A new report as the pipeline stores it (the fixture's other fields are a new report's).
    const event = makeEvent(randomUUID(), {
      source: input.source,
      category: input.category,
      subcategory: input.subcategory,
      severity: 'medium',
      lon: input.lon!,
      lat: input.lat!,
      grid: dataset.locate(input.lon!, input.lat!),
      description: input.description,
      occurredAt,
      receivedAt,
      updatedAt: receivedAt,
    });
    const window = Math.ceil(receivedAt / WALL_CADENCE_MS);
    const list = batches.get(window) ?? [];
    list.push(maskEvent(event));
    batches.set(window, list);
  }
  const sizes = { columns: 0, jsonBatch: 0, perEvent: 0, events: 0 };
  let seq = 0;
  for (const [window, events] of batches) {
    const batch: LiveBatch = {
      fromSeq: seq + 1,
      seq: seq + events.length,
      at: window * WALL_CADENCE_MS,
      events,
    };
    seq = batch.seq;
    sizes.columns += Buffer.byteLength(JSON.stringify(encodeBatch(batch)));
    sizes.jsonBatch += Buffer.byteLength(JSON.stringify(batch));
    for (const e of events) sizes.perEvent += Buffer.byteLength(JSON.stringify(e));
    sizes.events += events.length;
  }
  const per = (n: number) => Math.round(n / sizes.events);
  const ratio = sizes.columns / sizes.perEvent;
  return {
    name: 'wire',
    variant: 'events',
    detail: `bytes per event in the live batches a wall receives (sync:batch-columns at its ${WALL_CADENCE_MS} ms cadence), ${sizes.events.toLocaleString('en')} simulated reports at about ${EVENT_RATE}/s over ${seconds} s of a weekday morning, located in the city's grids, masked as a wall sees them (${round1(sizes.events / batches.size)} events per batch)`,
    value: per(sizes.columns),
    unit: 'bytes/event',
    baseline: 'one JSON message per event (the event object)',
    baselineValue: per(sizes.perEvent),
    ratio: Math.round(ratio * 1000) / 1000,
    goal: `≤ ${GOAL_RATIO}× baseline`,
    met: ratio <= GOAL_RATIO,
    notes: `The same batches as JSON (sync:batch, what a client that does not ask compact gets): ${per(sizes.jsonBatch)} bytes per event.`,
    rerun: 'npm run bench -- wire',
  };
}

/** The generator's rate in the 10 minutes from `at`, relative to its daily mean (measured, as it draws). */
function hourFactor(space: ReturnType<typeof createSimulationSpace>, at: number): number {
  const meanPerS = 100;
  const sample = generateEvents(createRandom(1), space, at, at + 600_000, meanPerS * 86_400);
  return sample.length / 600 / meanPerS;
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const f of await runWireBench({ quick: process.argv.includes('--quick') })) {
    console.log(
      `${f.name}${f.variant ? ` — ${f.variant}` : ''}: ${f.value} ${f.unit} vs ${f.baselineValue} (${f.baseline}) = ${f.ratio}× (goal ${f.goal}: ${f.met ? 'met' : 'NOT met'})`,
    );
  }
}
