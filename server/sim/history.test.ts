import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCityDataset } from '../geo/city-dataset';
import { openSqliteStore } from '../store/sqlite-store';
import type { Store } from '../store/store';
import { historyStart, writeSimulatedHistory } from './history';
import { createSimulationSpace } from './simulation-space';

const H = 3_600_000;
const dataset = loadCityDataset(fileURLToPath(new URL('../../data/longgang', import.meta.url)));

describe('simulated history', () => {
  let dir: string;
  let store: Store;
  const now = Date.UTC(2026, 10, 29, 6, 0); // 14:00 in Longgang
  let changes = 0;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-history-'));
    store = openSqliteStore(path.join(dir, 'db.sqlite'));
    ({ changes } = await writeSimulatedHistory({
      store,
      geography: dataset,
      space: createSimulationSpace(dataset),
      seed: 7,
      eventsPerDay: 4000,
      from: now - 24 * H,
      now,
    }));
  });
  afterAll(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes a day of reports, each worked through the lifecycle at its own past times, none in the future', async () => {
    expect(changes).toBe(await store.currentSeq());
    const all = await store.listEvents({ limit: 100_000 });
    // About 4,000 a day (the daily rhythm and chance move it).
    expect(all.length).toBeGreaterThan(2500);
    expect(all.length).toBeLessThan(6000);
    for (const e of all) {
      expect(e.receivedAt).toBeGreaterThanOrEqual(now - 24 * H);
      expect(e.updatedAt).toBeLessThanOrEqual(now);
    }
    const closed = all.filter((e) => e.status === 'closed');
    const open = (await store.snapshot(100_000)).events;
    // Many of a day's events are done (time limits run from hours to days); the rest are still with
    // their teams, some overdue.
    expect(closed.length).toBeGreaterThan(all.length / 4);
    expect(open.length).toBeGreaterThan(20);
    expect(open.some((e) => e.dueAt !== null && e.dueAt < now)).toBe(true);
    const t = await store.getTransitions(closed[0]!.id);
    expect(t.map((x) => x.action)).toEqual(expect.arrayContaining(['report', 'accept', 'dispatch', 'close']));
    const times = t.map((x) => x.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times.at(-1)).toBeLessThanOrEqual(now);
  });

  it('fills the statistics the wall reads: reports in nearly every hour, a day of closures', async () => {
    const counts = await store.hourlyCounts!(now - 24 * H, now);
    expect(new Set(counts.map((c) => c.bucket)).size).toBeGreaterThan(20);
    const day = await store.dayStats!(now - 24 * H, now);
    expect(day.closed).toBeGreaterThan(day.reported / 4);
    expect(day.avgHandlingMs).toBeGreaterThan(0);
  });

  it('starts at yesterday 00:00 in the city, at most the given hours back', () => {
    // 14:00 in Longgang: yesterday began 38 hours ago.
    expect(historyStart(now, 'Asia/Shanghai', 48)).toBe(now - 38 * H);
    expect(historyStart(now, 'Asia/Shanghai', 24)).toBe(now - 24 * H);
  });
});
