import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeEvent } from '../../tests/fixtures/events';
import { openSqliteStore } from './sqlite-store';
import type { HourlyCount, Store } from './store';

const MIN = 60_000;
const FROM = 1_000 * MIN;
const grid = (district: string) => ({ micro: 'm', full: 'f', community: 'c', district });

describe('SQLite hourlyCounts', () => {
  let dir: string;
  let store: Store;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hourly-counts-'));
    store = openSqliteStore(path.join(dir, 'db.sqlite'));
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const sorted = (rows: HourlyCount[]) =>
    [...rows].sort((a, b) => a.category.localeCompare(b.category) || a.bucket - b.bucket);

  it('groups reports by category and whole hour since `from`, by receipt time, in [from, to)', async () => {
    const at = (minutes: number) => FROM + minutes * MIN;
    await store.insertEvents([
      makeEvent('early', { receivedAt: at(-1) }), // before the window
      makeEvent('a', { receivedAt: at(0), occurredAt: at(-600) }), // counted when received, not when it happened
      makeEvent('b', { receivedAt: at(59) }),
      makeEvent('c', {
        receivedAt: at(61),
        category: 'environment',
        subcategory: 'garbage',
        grid: grid('D02'),
      }),
      makeEvent('d', { receivedAt: at(119), grid: grid('D02') }),
      makeEvent('late', { receivedAt: at(180) }), // `to` is excluded
    ]);
    expect(sorted(await store.hourlyCounts!(FROM, at(180)))).toEqual([
      { category: 'environment', bucket: 1, count: 1 },
      { category: 'urban', bucket: 0, count: 2 },
      { category: 'urban', bucket: 1, count: 1 },
    ]);
    expect(sorted(await store.hourlyCounts!(FROM, at(180), 'D02'))).toEqual([
      { category: 'environment', bucket: 1, count: 1 },
      { category: 'urban', bucket: 1, count: 1 },
    ]);
    expect(await store.hourlyCounts!(FROM, at(180), 'D09')).toEqual([]);
  });
});
