import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { servicesAvailable } from '../../tests/helpers/services';
import { pgBackend, type StoreBackend, sqliteBackend } from '../../tests/helpers/sync-pg-backend';
import { ManualClock } from '../clock';
import { openSqliteStore } from '../store/sqlite-store';
import type { RollupRow } from './rollups';
import { TrafficPool } from './traffic-pool';
import { openPgTrafficStore, openTrafficStore, type TrafficStore } from './traffic-store';

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

type Backend = StoreBackend<TrafficStore>;

const row = (patch: Partial<RollupRow> & Pick<RollupRow, 'bucket'>): RollupRow => ({
  resolution: 1,
  scope: 'city',
  tpi: 2.5,
  coverage: 0.75,
  parkingOccupancy: 0.5,
  parkingFree: 40,
  samples: 1,
  ...patch,
});

/** The TrafficStore contract, run against SQLite and PostgreSQL. */
function describeTrafficStoreContract(name: string, backend: () => Promise<Backend>, enabled = true) {
  describe.runIf(enabled)(`${name} traffic store (contract)`, () => {
    let db: Backend;
    let store: TrafficStore;
    beforeEach(async () => {
      db = await backend();
      store = await db.open();
    });
    afterEach(async () => {
      store.close();
      await db.cleanup();
    });

    it('writes rollups, keeps the last figures of a bucket written twice, reads history oldest first', () => {
      store.writeRollups([
        row({ bucket: 2 * MIN, tpi: null, parkingOccupancy: null, parkingFree: null, coverage: 0 }),
        row({ bucket: 0 }),
        row({ bucket: MIN, scope: 'district:D01', tpi: 6.25 }),
      ]);
      store.writeRollups([row({ bucket: 0, tpi: 3, samples: 2 })]);
      expect(store.history('city', 1, 0, 10 * MIN)).toEqual([
        { at: 0, tpi: 3, coverage: 0.75, parkingOccupancy: 0.5, parkingFree: 40 },
        { at: 2 * MIN, tpi: null, coverage: 0, parkingOccupancy: null, parkingFree: null },
      ]);
      expect(store.history('city', 1, MIN, 2 * MIN).map((p) => p.at)).toEqual([2 * MIN]);
      expect(store.history('city', 15, 0, 10 * MIN)).toEqual([]);
      expect(store.rowsIn(1, 0, MIN)).toEqual([
        row({ bucket: 0, tpi: 3, samples: 2 }),
        row({ bucket: MIN, scope: 'district:D01', tpi: 6.25 }),
      ]);
      expect(store.countCity(1, 0, 10 * MIN)).toBe(2);
      expect(store.countCity(15, 0, 10 * MIN)).toBe(0);
    });

    it('prunes one resolution before a time', () => {
      store.writeRollups([row({ bucket: 0 }), row({ bucket: MIN }), row({ bucket: 0, resolution: 15 })]);
      expect(store.prune(1, MIN)).toBe(1);
      expect(store.rowsIn(1, 0, 10 * MIN).map((r) => r.bucket)).toEqual([MIN]);
      expect(store.countCity(15, 0, 0)).toBe(1);
      expect(store.prune(1, 0)).toBe(0);
    });

    it('is one history for every connection on the database', async () => {
      const other = await db.open();
      try {
        store.writeRollups([row({ bucket: 0 })]);
        expect(other.history('city', 1, 0, 0)).toHaveLength(1);
      } finally {
        other.close();
      }
    });
  });
}

describeTrafficStoreContract('SQLite', sqliteBackend(openTrafficStore));

const up = await servicesAvailable('the PostgreSQL traffic store contract tests', ['postgres']);

describeTrafficStoreContract('PostgreSQL', pgBackend(openPgTrafficStore), up);
