import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventStatus } from '../../shared/domain/event-status';
import type { GridEvent } from '../../shared/schemas/event';
import { makeEvent } from '../../tests/fixtures/events';
import { openSqliteStore } from './sqlite-store';
import type { Store } from './store';

const MIN = 60_000;
const DAY_START = 1_000 * MIN;
const DAY_END = DAY_START + 1440 * MIN;

describe('SQLite dayStats', () => {
  let dir: string;
  let store: Store;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'day-stats-'));
    store = openSqliteStore(path.join(dir, 'db.sqlite'));
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Moves `e` through `steps` ([status, at]), as the workflow would, keeping its versions in line. */
  async function walk(e: GridEvent, steps: [EventStatus, number, Partial<GridEvent>?][]): Promise<void> {
    let current = e;
    for (const [to, at, patch] of steps) {
      const next = { ...current, ...patch, status: to, version: current.version + 1, updatedAt: at };
      await store.updateEvents([
        {
          event: next,
          expectedVersion: current.version,
          transition: { eventId: e.id, action: to, from: current.status, to, actor: 't', note: '', at },
        },
      ]);
      current = next;
    }
  }

  it('counts the window: reports, closures, closure of its reports, mean dispatch → handled', async () => {
    const yesterday = makeEvent('y', { receivedAt: DAY_START - 60 * MIN });
    const a = makeEvent('a', { receivedAt: DAY_START + 10 * MIN });
    const b = makeEvent('b', { receivedAt: DAY_START + 20 * MIN });
    const tomorrow = makeEvent('t', { receivedAt: DAY_END });
    await store.insertEvents([yesterday, a, b, tomorrow]);
    // Reported yesterday, closed today: 30 min from dispatch to hand-back.
    await walk(yesterday, [
      ['dispatched', DAY_START - 50 * MIN, { dispatchedAt: DAY_START - 50 * MIN }],
      ['handled', DAY_START - 20 * MIN],
      ['closed', DAY_START + 5 * MIN],
    ]);
    // Reported and closed today, sent back once: its last hand-back counts, 90 min after dispatch.
    await walk(a, [
      ['dispatched', DAY_START + 30 * MIN, { dispatchedAt: DAY_START + 30 * MIN }],
      ['handled', DAY_START + 60 * MIN],
      ['handling', DAY_START + 70 * MIN],
      ['handled', DAY_START + 120 * MIN],
      ['closed', DAY_START + 130 * MIN],
    ]);
    await walk(b, [['accepted', DAY_START + 25 * MIN]]);

    expect(await store.dayStats?.(DAY_START, DAY_END)).toEqual({
      reported: 2,
      reportedClosed: 1,
      closed: 2,
      avgHandlingMs: 60 * MIN,
    });
  });

  it('is all zeros and no mean for a quiet window', async () => {
    expect(await store.dayStats?.(DAY_START, DAY_END)).toEqual({
      reported: 0,
      reportedClosed: 0,
      closed: 0,
      avgHandlingMs: null,
    });
  });
});
