import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type ServerProcess, startServerProcess } from '../helpers/server-process';
import { tempDataDir, waitFor } from '../helpers/test-server';

/** Events per POST, parallel posters, and how many acknowledged batches come before the kill. */
const BATCH = 50;
const POSTERS = 4;
const ACKED_BEFORE_KILL = 40;
/** A bound on the posting loop whatever happens. */
const MAX_BATCHES = 2000;

const report = (id: string) => ({
  id,
  source: 'hotline-12345',
  category: 'urban',
  subcategory: 'street-order',
  lon: 120.5489,
  lat: 27.5819,
  description: '镇前路占道经营',
});

async function postBatch(server: ServerProcess, ids: string[]) {
  const res = await server.fetch('/api/events', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ids.map(report)),
  });
  return { status: res.status, body: (await res.json()) as { accepted: string[]; duplicates: string[] } };
}

async function healthSeq(server: ServerProcess): Promise<number> {
  const res = await server.fetch('/api/health');
  return ((await res.json()) as { seq: number }).seq;
}

describe('durability across a crash (kill -9)', () => {
  let dir = '';
  const servers: ServerProcess[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.stop('SIGKILL');
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged event exactly once, takes the lost batch again idempotently, and continues the seq', async () => {
    dir = tempDataDir('city-brain-crash-');
    const first = await startServerProcess({ DATA_DIR: dir, SIM: 'off' });
    servers.push(first);

    // Posters: every batch has fresh ids; an id counts as acknowledged only once its 202 body is read.
    const acked = new Set<string>();
    const ackedBatches: string[][] = [];
    const inFlight = new Map<number, string[]>();
    const unacked: string[][] = [];
    const failures: string[] = [];
    let next = 0;
    let killed = false;
    const poster = async () => {
      while (!killed && next < MAX_BATCHES) {
        const n = next++;
        const ids = Array.from({ length: BATCH }, (_, i) => `crash-${n}-${i}`);
        inFlight.set(n, ids);
        try {
          const { status, body } = await postBatch(first, ids);
          if (status !== 202) failures.push(`batch ${n}: HTTP ${status} ${JSON.stringify(body)}`);
          else {
            expect(body).toEqual({ accepted: ids, duplicates: [] });
            for (const id of body.accepted) acked.add(id);
            ackedBatches.push(ids);
          }
        } catch (err) {
          if (!killed) failures.push(`batch ${n}: ${(err as Error).message}`);
          unacked.push(ids);
        } finally {
          inFlight.delete(n);
        }
      }
    };
    const posting = Promise.all(Array.from({ length: POSTERS }, poster));

    await waitFor(
      () => ackedBatches.length >= ACKED_BEFORE_KILL || next >= MAX_BATCHES,
      'acknowledged batches',
    );
    const seqBefore = await healthSeq(first);
    // Kill while requests are on the wire: with several posters one is almost always in flight.
    await waitFor(() => inFlight.size >= 2 || next >= MAX_BATCHES, 'posts in flight', 5_000);
    const inFlightAtKill = inFlight.size;
    first.child.kill('SIGKILL');
    killed = true;
    expect(await first.exited).toBe('SIGKILL');
    await posting;
    expect(failures).toEqual([]);
    expect(inFlightAtKill).toBeGreaterThanOrEqual(2);
    expect(unacked.length).toBeGreaterThanOrEqual(1);
    expect(seqBefore).toBeGreaterThanOrEqual(ACKED_BEFORE_KILL * BATCH);

    // Restart on the same DATA_DIR.
    const second = await startServerProcess({ DATA_DIR: dir, SIM: 'off' });
    servers.push(second);
    const seqAfterRestart = await healthSeq(second);
    expect(seqAfterRestart).toBeGreaterThanOrEqual(seqBefore);
    expect(seqAfterRestart).toBeGreaterThanOrEqual(acked.size);

    // A sample of acknowledged events, read back over HTTP with their one 'report' transition.
    const sample = ackedBatches.filter((_, i) => i % 5 === 0).map((ids) => ids[ids.length - 1]!);
    for (const id of sample) {
      const res = await second.fetch(`/api/events/${id}`);
      expect(res.status, id).toBe(200);
      const detail = (await res.json()) as { event: { id: string }; transitions: unknown[] };
      expect(detail.event.id).toBe(id);
      expect(detail.transitions).toHaveLength(1);
    }

    // The batches lost in flight, posted again: each was committed whole or not at all.
    let stored = 0;
    for (const ids of unacked) {
      const { status, body } = await postBatch(second, ids);
      expect(status).toBe(202);
      expect(body.accepted).toEqual(ids);
      expect([0, ids.length], `duplicates of a retried batch: ${body.duplicates.length}`).toContain(
        body.duplicates.length,
      );
      stored += ids.length - body.duplicates.length;
    }
    // An acknowledged batch, posted again, stores nothing.
    const again = await postBatch(second, ackedBatches[0]!);
    expect(again.body.duplicates).toEqual(ackedBatches[0]);
    // The seq continued from where the crashed process left it, one change per new event.
    const seqAfterRetry = await healthSeq(second);
    expect(seqAfterRetry).toBe(seqAfterRestart + stored);

    expect(await second.stop('SIGINT')).toBe(0);

    // The database itself: every id once, every acknowledged id there, nothing else, one change each.
    const db = new Database(path.join(dir, 'city-brain.sqlite'), { readonly: true, fileMustExist: true });
    try {
      expect(db.prepare('SELECT id, count(*) AS n FROM events GROUP BY id HAVING n > 1').all()).toEqual([]);
      const ids = new Set(db.prepare('SELECT id FROM events').pluck().all() as string[]);
      const missing = [...acked].filter((id) => !ids.has(id));
      expect(missing, `acknowledged ids missing after the crash: ${missing.length}`).toEqual([]);
      const expected = new Set([...acked, ...unacked.flat()]);
      expect(ids.size).toBe(expected.size);
      expect([...ids].filter((id) => !expected.has(id))).toEqual([]);
      expect(
        db.prepare('SELECT entity_id, count(*) AS n FROM changes GROUP BY entity_id HAVING n > 1').all(),
      ).toEqual([]);
      expect(db.prepare('SELECT count(*) FROM changes').pluck().get()).toBe(ids.size);
      expect(db.prepare('SELECT max(seq) FROM changes').pluck().get()).toBe(seqAfterRetry);
      expect(db.prepare('SELECT count(*) FROM transitions').pluck().get()).toBe(ids.size);
    } finally {
      db.close();
    }
    // The suite's 30 s default is tight for this much traffic on a shared 2-core runner.
  }, 60_000);
});
