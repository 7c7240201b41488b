import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventStatus } from '../../shared/domain/event-status';
import type { GridEvent } from '../../shared/schemas/event';
import { makeEvent } from '../../tests/fixtures/events';
import { dropSchema, pgUrlFor, servicesAvailable, testSchemaName } from '../../tests/helpers/services';
import { openPgStore } from './pg-store';
import { openSqliteStore } from './sqlite-store';
import type { HourlyCount } from './store';
import { describeStoreContract } from './store-contract';

const up = await servicesAvailable('the PostgreSQL store contract tests', ['postgres']);

// Each test gets a schema of its own (created on open, dropped after), so files and runs can overlap.
describeStoreContract(
  'PostgreSQL',
  async () => {
    const schema = testSchemaName();
    const url = pgUrlFor(schema);
    return { open: () => openPgStore(url), cleanup: () => dropSchema(schema) };
  },
  up,
);

describe.runIf(up)('PostgreSQL store across instances', () => {
  it('numbers commits from two pools with one gap-free sequence that readers never see out of order', async () => {
    const schema = testSchemaName();
    const url = pgUrlFor(schema);
    const [a, b] = await Promise.all([openPgStore(url), openPgStore(url)]);
    try {
      // A reader polling the log while both write: what it sees must always be a gap-free prefix.
      let seen = 0;
      let reading = true;
      const problems: string[] = [];
      const reader = (async () => {
        while (reading) {
          const changes = (await b.changesSince(seen, 1000)) ?? [];
          for (const c of changes) {
            if (c.seq !== seen + 1) problems.push(`saw ${c.seq} after ${seen}`);
            seen = c.seq;
          }
        }
      })();
      const writes = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          (i % 2 ? a : b).insertEvents([makeEvent(`x${i}-1`), makeEvent(`x${i}-2`), makeEvent(`x${i}-3`)]),
        ),
      );
      reading = false;
      await reader;
      const seqs = writes.flatMap((w) => w.changes.map((c) => c.seq)).sort((x, y) => x - y);
      expect(seqs).toEqual(Array.from({ length: 180 }, (_, i) => i + 1));
      expect(problems).toEqual([]);
      expect(await a.currentSeq()).toBe(180);
    } finally {
      await Promise.all([a.close(), b.close()]);
      await dropSchema(schema);
    }
  });
});

describe.runIf(up)('PostgreSQL dayStats', () => {
  it('counts a window exactly as the SQLite store does', async () => {
    const schema = testSchemaName();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'day-stats-pg-'));
    const stores = [await openPgStore(pgUrlFor(schema)), openSqliteStore(path.join(dir, 'db.sqlite'))];
    try {
      const MIN = 60_000;
      const START = 1_000 * MIN;
      const events = [
        makeEvent('y', { receivedAt: START - 60 * MIN }),
        makeEvent('a', { receivedAt: START + 10 * MIN }),
        makeEvent('b', { receivedAt: START + 20 * MIN }),
        makeEvent('t', { receivedAt: START + 1440 * MIN }),
      ];
      const walks: [GridEvent, [EventStatus, number][]][] = [
        [
          events[0]!,
          [
            ['dispatched', START - 50 * MIN],
            ['handled', START - 20 * MIN],
            ['closed', START + 5 * MIN],
          ],
        ],
        [
          events[1]!,
          [
            ['dispatched', START + 30 * MIN],
            ['handled', START + 60 * MIN],
            ['handling', START + 70 * MIN],
            ['handled', START + 120 * MIN],
            ['closed', START + 130 * MIN],
          ],
        ],
        [
          events[2]!,
          [
            ['dispatched', START + 40 * MIN],
            ['cancelled', START + 45 * MIN],
          ],
        ],
      ];
      for (const store of stores) {
        await store.insertEvents(events);
        for (const [e, steps] of walks) {
          let current = e;
          for (const [to, at] of steps) {
            const next: GridEvent = {
              ...current,
              status: to,
              version: current.version + 1,
              updatedAt: at,
              ...(to === 'dispatched' ? { dispatchedAt: at } : {}),
            };
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
      }
      const [pgStats, sqliteStats] = await Promise.all(
        stores.map((s) => s.dayStats!(START, START + 1440 * MIN)),
      );
      expect(pgStats).toEqual(sqliteStats);
      expect(pgStats).toMatchObject({ reported: 2, closed: 2 });
      const sorted = (rows: HourlyCount[]) =>
        [...rows].sort((x, y) => x.category.localeCompare(y.category) || x.bucket - y.bucket);
      const district = events[1]!.grid?.district;
      for (const d of [undefined, district]) {
        const [pgHours, sqliteHours] = await Promise.all(
          stores.map((s) => s.hourlyCounts!(START - 120 * MIN, START + 1440 * MIN, d)),
        );
        expect(sorted(pgHours!)).toEqual(sorted(sqliteHours!));
        expect(pgHours!.reduce((n, r) => n + r.count, 0)).toBe(3);
      }
    } finally {
      await Promise.all(stores.map((s) => s.close()));
      await dropSchema(schema);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
