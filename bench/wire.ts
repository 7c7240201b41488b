/**
 * Bytes per traffic update: the binary frame walls receive (shared/traffic/wire.ts) against the same
 * state as JSON objects per segment and lot ({id, speedKmh, level} / {id, occupied}), the form a
 * naive push would use. Longgang's real network (1,515 segments, 60 lots), speeds from the traffic
 * simulator across a weekday so values have realistic widths. Sizes are payload bytes; Socket.IO adds
 * a few dozen bytes of framing to either. `tsx bench/wire.ts [--quick]` prints the figures.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import { ManualClock } from '../server/clock';
import type { ParkingLot, RoadSegment } from '../server/geo/city-dataset';
import { TrafficSimulator } from '../server/traffic/traffic-simulator';
import { levelOfSpeed } from '../shared/traffic/speed-bands';
import { encodeTrafficFrame, layoutHash } from '../shared/traffic/wire';
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
      name: 'wire (deflated)',
      detail: `as "wire", both compressed with raw deflate as permessage-deflate would, ${detail}`,
      value: per(sizes.binaryDeflated),
      unit: 'bytes/update',
      baseline: 'the JSON form, deflated',
      baselineValue: per(sizes.jsonDeflated),
      ratio: Math.round(deflatedRatio * 1000) / 1000,
      goal: `≤ ${GOAL_RATIO}× baseline`,
      met: deflatedRatio <= GOAL_RATIO,
    },
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const f of await runWireBench({ quick: process.argv.includes('--quick') })) {
    console.log(
      `${f.name}: ${f.value} ${f.unit} vs ${f.baselineValue} (${f.baseline}) = ${f.ratio}× (goal ${f.goal}: ${f.met ? 'met' : 'NOT met'})`,
    );
  }
}
