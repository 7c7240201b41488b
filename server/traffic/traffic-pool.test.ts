import { describe, expect, it } from 'vitest';
import type { GridEvent } from '../../shared/schemas/event';
import { makeEvent } from '../../tests/fixtures/events';
import { ManualClock } from '../clock';
import { LiveHub } from '../realtime/live-hub';
import type { RollupRow } from './rollups';
import { TrafficPool } from './traffic-pool';
import type { TrafficStore } from './traffic-store';

const MIN = 60_000;
// Monday 2026-03-02 03:00 in Longgang (UTC+8): night, so the roads are free before the accident.
const NIGHT = Date.UTC(2026, 2, 1, 19, 0);
const dataset = {
  city: { timezone: 'Asia/Shanghai' } as never,
  keyAreas: [],
  roads: [
    // R-near passes 100 m from the crash; R-far is 2 km away in the same district.
    {
      id: 'R-near',
      name: '世纪大道',
      roadClass: 'arterial' as const,
      freeFlowKmh: 60,
      lengthM: 500,
      districtId: 'D01',
      path: [
        [120.55, 27.581],
        [120.56, 27.581],
      ] as [number, number][],
    },
    {
      id: 'R-far',
      name: '人民路',
      roadClass: 'arterial' as const,
      freeFlowKmh: 60,
      lengthM: 500,
      districtId: 'D01',
      path: [
        [120.55, 27.6],
        [120.56, 27.6],
      ] as [number, number][],
    },
  ],
  parking: [],
};

function memoryStore(): TrafficStore {
  const rows: RollupRow[] = [];
  return {
    writeRollups: (r) => void rows.push(...r),
    history: () => [],
    rowsIn: (res, from, to) => rows.filter((r) => r.resolution === res && r.bucket >= from && r.bucket <= to),
    countCity: () => 1, // pretend history exists: no backfill in this story
    prune: () => 0,
    close: () => {},
  };
}

describe('accident → slowdown → recovery, on a fake clock', () => {
  it('slows the segments within 300 m while open and lets them recover after it is handled', () => {
    const clock = new ManualClock(NIGHT);
    const hub = new LiveHub({
      flushMs: 50,
      maxBacklog: 100,
      heartbeatMs: 60_000,
      now: () => clock.now(),
      startSeq: 0,
    });
    const pool = new TrafficPool({
      dataset,
      clock,
      store: memoryStore(),
      hub,
      staleMs: 5 * MIN,
      sim: { seed: 1, rain: false },
    });
    const sim = pool.simulator!;
    let seq = 0;
    const commit = (e: GridEvent) => {
      hub.publish([{ seq: ++seq, event: e }]);
      hub.flush(true);
    };
    const speeds = () => {
      sim.tick();
      const [near, far] = pool.state.freshSpeeds(clock.now());
      return { near: near!, far: far!, tpi: pool.state.summary(clock.now()).tpi.districts.D01!.tpi! };
    };

    const before = speeds();
    expect(before.near).toBeGreaterThan(45);
    expect(before.tpi).toBeLessThan(2); // 畅通

    const crash = makeEvent('acc-1', {
      category: 'traffic',
      subcategory: 'accident',
      lon: 120.555,
      lat: 27.5801,
    });
    commit(crash);
    commit(makeEvent('other', { lon: 120.555, lat: 27.6 })); // not an accident: no effect
    clock.advance(MIN);
    const during = speeds();
    expect(during.near).toBeLessThan(before.near * 0.4);
    expect(during.far).toBeGreaterThan(45);
    expect(during.tpi).toBeGreaterThan(before.tpi + 2);

    clock.advance(30 * MIN);
    expect(speeds().near).toBeLessThan(before.near * 0.4); // still open: still slow

    commit({ ...crash, status: 'handled', version: 2 });
    clock.advance(7.5 * MIN); // half way through the 15-minute recovery
    const recovering = speeds();
    expect(recovering.near).toBeGreaterThan(during.near * 1.5);
    expect(recovering.near).toBeLessThan(before.near * 0.8);

    clock.advance(7.5 * MIN);
    const after = speeds();
    expect(after.near).toBeGreaterThan(45);
    expect(pool.accidents.size).toBe(0);
    pool.stop();
  });

  it('clears an accident nobody closes after the timeout', () => {
    const clock = new ManualClock(NIGHT);
    const hub = new LiveHub({
      flushMs: 50,
      maxBacklog: 100,
      heartbeatMs: 60_000,
      now: () => clock.now(),
      startSeq: 0,
    });
    const pool = new TrafficPool({
      dataset,
      clock,
      store: memoryStore(),
      hub,
      staleMs: 5 * MIN,
      sim: { seed: 1, rain: false },
    });
    hub.publish([
      {
        seq: 1,
        event: makeEvent('acc-2', {
          category: 'traffic',
          subcategory: 'accident',
          lon: 120.555,
          lat: 27.581,
        }),
      },
    ]);
    hub.flush(true);
    expect(pool.accidents.factors(clock.now())[0]).toBeCloseTo(0.3);
    clock.advance(2 * 60 * MIN + 15 * MIN);
    expect(pool.accidents.factors(clock.now())[0]).toBe(1);
    expect(pool.accidents.size).toBe(0);
  });
});
