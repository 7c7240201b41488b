import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GridEvent } from '../../shared/schemas/event';
import { makeEvent } from '../../tests/fixtures/events';
import { type EventUpdate, type Store, VersionConflictError } from './store';

/** One fresh, empty database for one test: `open` may be called again after a close (a reopen). */
export interface StoreBackend {
  open(): Promise<Store>;
  /** Drops what the test made (the temporary file or schema). */
  cleanup(): Promise<void>;
}

/**
 * The Store contract, run against every implementation (SQLite, PostgreSQL). `backend` is called
 * once per test and must hand out an empty database. `enabled` false skips the suite (a missing
 * service, announced by the caller).
 */
export function describeStoreContract(
  name: string,
  backend: () => Promise<StoreBackend>,
  enabled = true,
): void {
  describe.runIf(enabled)(`${name} store (contract)`, () => {
    let db: StoreBackend;
    let store: Store;
    beforeEach(async () => {
      db = await backend();
      store = await db.open();
    });
    afterEach(async () => {
      await store.close();
      await db.cleanup();
    });

    it('numbers changes with a global, gap-free sequence', async () => {
      const first = await store.insertEvents([event('a'), event('b')]);
      const second = await store.insertEvents([event('c')]);
      expect([...first.changes, ...second.changes].map((c) => c.seq)).toEqual([1, 2, 3]);
      expect(await store.currentSeq()).toBe(3);
    });

    it('gives concurrent writers distinct, gap-free seqs, each batch contiguous', async () => {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.insertEvents([event(`p${i}-a`), event(`p${i}-b`)])),
      );
      const seqs = results.flatMap((r) => r.changes.map((c) => c.seq));
      expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      for (const r of results) expect(r.changes[1]!.seq).toBe(r.changes[0]!.seq + 1);
      const log = await store.changesSince(0, 100);
      expect(log?.map((c) => c.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      expect(await store.currentSeq()).toBe(40);
    });

    it('stores a retried id once and reports it as a duplicate', async () => {
      await store.insertEvents([event('a')]);
      const retry = await store.insertEvents([event('a', { description: 'changed' }), event('b')]);
      expect(retry.duplicates).toEqual(['a']);
      expect(retry.changes.map((c) => c.event.id)).toEqual(['b']);
      expect((await store.getEvents(['a']))[0]?.description).toBe('占道经营');
    });

    it('rolls back a whole update batch when one version is stale, and names the event', async () => {
      await store.insertEvents([event('a'), event('b')]);
      const ok = update(event('a', { status: 'accepted', version: 2 }), 1);
      const stale = update(event('b', { status: 'accepted', version: 2 }), 5);
      await expect(store.updateEvents([ok, stale])).rejects.toThrow(VersionConflictError);
      await expect(store.updateEvents([ok, stale])).rejects.toThrow('event b was changed by someone else');
      expect((await store.getEvents(['a']))[0]?.status).toBe('reported');
      expect(await store.currentSeq()).toBe(2);
      expect(await store.getTransitions('a')).toHaveLength(1);
    });

    it("keeps each event's lifecycle: who, when, what, with which note", async () => {
      await store.insertEvents([event('a', { receivedAt: 5 })]);
      await store.updateEvents([
        update(event('a', { status: 'accepted', version: 2 }), 1, 'officer-1', 'ok'),
      ]);
      expect(await store.getTransitions('a')).toEqual([
        { eventId: 'a', action: 'report', from: null, to: 'reported', actor: 'grid-worker', note: '', at: 5 },
        {
          eventId: 'a',
          action: 'accept',
          from: 'reported',
          to: 'accepted',
          actor: 'officer-1',
          note: 'ok',
          at: 9,
        },
      ]);
    });

    it('snapshots open events newest first with the seq they reflect', async () => {
      await store.insertEvents([event('old', { occurredAt: 1 }), event('new', { occurredAt: 5 })]);
      await store.updateEvents([update(event('old', { status: 'closed', occurredAt: 1, version: 2 }), 1)]);
      const snap = await store.snapshot(10);
      expect(snap.seq).toBe(3);
      expect(snap.events.map((e) => e.id)).toEqual(['new']);
    });

    it('replays changes after a seq, and says null once the log was pruned past it', async () => {
      await store.insertEvents([
        event('a', { updatedAt: 10 }),
        event('b', { updatedAt: 20 }),
        event('c', { updatedAt: 30 }),
      ]);
      expect((await store.changesSince(1, 10))?.map((c) => c.seq)).toEqual([2, 3]);
      expect(await store.changesSince(3, 10)).toEqual([]);
      expect(await store.pruneChanges(25)).toBe(2);
      expect(await store.changesSince(0, 10)).toBeNull();
      expect((await store.changesSince(2, 10))?.map((c) => c.seq)).toEqual([3]);
    });

    it('keeps everything across a reopen (migrations are idempotent)', async () => {
      await store.insertEvents([event('a')]);
      await store.close();
      store = await db.open();
      expect(await store.currentSeq()).toBe(1);
      expect((await store.getEvents(['a']))[0]?.id).toBe('a');
    });

    it('lists events newest first by ids, kinds, time range, status and key-person flag', async () => {
      await store.insertEvents([
        event('a', { occurredAt: 10 }),
        event('b', { occurredAt: 20, category: 'emergency', subcategory: 'waterlogging' }),
        event('c', { occurredAt: 30, category: 'emergency', subcategory: 'fire', keyPerson: true }),
        event('d', { occurredAt: 40, status: 'closed' }),
      ]);
      const ids = async (query: Parameters<Store['listEvents']>[0]) =>
        (await store.listEvents(query)).map((e) => e.id);
      expect(await ids({ limit: 10 })).toEqual(['d', 'c', 'b', 'a']);
      expect(await ids({ limit: 2 })).toEqual(['d', 'c']);
      expect(await ids({ ids: ['a', 'c', 'zz'], limit: 10 })).toEqual(['c', 'a']);
      expect(await ids({ ids: [], limit: 10 })).toEqual([]);
      const waterOrFire = [
        { category: 'emergency', subcategory: 'waterlogging' },
        { category: 'emergency', subcategory: 'fire' },
      ];
      expect(await ids({ kinds: waterOrFire, limit: 10 })).toEqual(['c', 'b']);
      expect(await ids({ kinds: [{ category: 'urban', subcategory: 'fire' }], limit: 10 })).toEqual([]);
      expect(await ids({ from: 20, to: 30, limit: 10 })).toEqual(['c', 'b']);
      expect(await ids({ statuses: ['closed', 'cancelled'], limit: 10 })).toEqual(['d']);
      expect(await ids({ excludeKeyPerson: true, limit: 10 })).toEqual(['d', 'b', 'a']);
      expect(await ids({ kinds: waterOrFire, excludeKeyPerson: true, from: 15, limit: 10 })).toEqual(['b']);
    });
  });
}

function event(id: string, patch: Partial<GridEvent> = {}): GridEvent {
  return makeEvent(id, patch);
}

function update(e: GridEvent, expectedVersion: number, actor = 'officer', note = ''): EventUpdate {
  return {
    event: e,
    expectedVersion,
    transition: { eventId: e.id, action: 'accept', from: 'reported', to: e.status, actor, note, at: 9 },
  };
}
