import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import { openSqliteStore } from '../store/sqlite-store';
import { TrafficPool } from './traffic-pool';
import { openTrafficStore } from './traffic-store';

const MIN = 60_000;
const dataset = {
  city: { timezone: 'Asia/Shanghai' } as never,
  keyAreas: [],
  roads: [
    {
      id: 'R1',
      name: '人民路',
      roadClass: 'arterial' as const,
      freeFlowKmh: 60,
      lengthM: 100,
      districtId: 'D01',
      path: [],
    },
  ],
  parking: [{ id: 'P1', name: '停车场', capacity: 100, lon: 0, lat: 0, districtId: 'D01', kind: 'public' }],
};

describe('rollups in SQLite through the pool, on a fake clock', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('samples once a minute, keeps the 15-minute mean current, and refuses an unmigrated file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'traffic-store-'));
    dirs.push(dir);
    const file = path.join(dir, 'db.sqlite');
    expect(() => openTrafficStore(file)).toThrow(/openSqliteStore first/);
    const main = openSqliteStore(file);
    const store = openTrafficStore(file);
    const clock = new ManualClock(Date.UTC(2026, 2, 2, 0, 0));
    const pool = new TrafficPool({ dataset, clock, store, staleMs: 5 * MIN, sim: null });
    const t0 = clock.now();
    // Minute 0: 40 km/h (index 2); minute 1: 30 km/h (index 4); a second step in minute 1 adds nothing.
    pool.ingestTrafficObservations([
      { segmentId: 'R1', speedKmh: 40 },
      { lotId: 'P1', occupied: 50 },
    ]);
    pool.step();
    clock.advance(MIN);
    pool.ingestTrafficObservations([{ segmentId: 'R1', speedKmh: 30 }]);
    pool.step();
    clock.advance(20_000);
    pool.step();
    const minutes = pool.history('city', t0, t0 + 15 * MIN, 1).points;
    expect(minutes.map((p) => p.tpi)).toEqual([2, 4]);
    expect(minutes[0]).toMatchObject({ coverage: 1, parkingOccupancy: 0.5, parkingFree: 50 });
    const [quarter] = pool.history('district:D01', t0, t0, 15).points;
    expect(quarter).toMatchObject({ at: t0, tpi: 3 });
    // Everything goes stale after 5 minutes: the minute is stored as unknown, not as free.
    clock.advance(10 * MIN);
    pool.step();
    expect(pool.history('city', t0, t0 + 15 * MIN, 1).points.at(-1)).toMatchObject({
      tpi: null,
      coverage: 0,
    });
    store.close();
    await main.close();
  });
});
