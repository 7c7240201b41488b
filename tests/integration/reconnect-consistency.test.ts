import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridEvent } from '../../shared/schemas/event';
import { type SyncClient as Client, SyncClient, stateDiff, stateOf } from '../helpers/sync-client';
import { startTestServer, type TestServer, waitFor } from '../helpers/test-server';

const CLIENTS = 50;
const BATCHES = 20;
const PER_BATCH = 25;
const SEEDED = 5 * BATCHES;
/** The producer's pace between batches: the shape of the load, not a wait for anything. */
const PACE_MS = 100;
/** Batch (1-based count) after which half the clients drop, and after which the late half comes back. */
const DROP_AFTER = 5;
const LATE_RETURN_AFTER = 15;

const PHONE = '13800001234';

const report = (id: string, gridId: string) => ({
  id,
  source: 'hotline-12345',
  category: 'urban',
  subcategory: 'street-order',
  gridId,
  description: '镇前路占道经营',
  reporter: { name: '王先生', phone: PHONE },
});

describe('reconnect consistency: 50 screens, half of them dropping mid-stream', () => {
  let server: TestServer;
  let communities: string[] = [];
  let district = '';
  const clients: Client[] = [];

  const post = async (path: string, body: unknown) => {
    const res = await server.fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  /** Takes `actions` on event `id` in order; each must succeed. */
  const act = async (id: string, ...actions: string[]) => {
    for (const action of actions) {
      const extra =
        action === 'dispatch'
          ? { assignee: 'team-1', note: 'test: a fixed team, not the proposed unit' }
          : action === 'cancel' || action === 'reopen'
            ? { note: 'test' }
            : {};
      const res = await post(`/api/events/${id}/actions`, { action, ...extra });
      expect(res.status, `${action} ${id}: ${JSON.stringify(res.body)}`).toBe(200);
    }
  };

  beforeAll(async () => {
    server = await startTestServer({ SIM: 'off', FLUSH_MS: '50' });
    const grids = async (level: string) =>
      ((await (await server.fetch(`/api/grids?level=${level}`)).json()) as any).features.map(
        (f: any) => f.properties as { id: string; parentId: string },
      ) as { id: string; parentId: string }[];
    const communityGrids = await grids('community');
    communities = communityGrids.map((c) => c.id);
    // The district with the most communities, so that its scope sees a fair share of the traffic.
    const districts = await grids('district');
    const size = (d: string) => communityGrids.filter((c) => c.parentId === d).length;
    district = districts.map((d) => d.id).sort((a, b) => size(b) - size(a))[0]!;
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await server?.close();
  });

  it('ends with every screen holding exactly the server open set, scoped screen included', async () => {
    const hub = server.app.ctx.hub;
    const gridOf = (n: number) => communities[(n * 7) % communities.length]!;
    const seeded = await post(
      '/api/events',
      Array.from({ length: SEEDED }, (_, i) => report(`seed-${i}`, gridOf(i))),
    );
    expect(seeded.status).toBe(202);

    // Alternate screens sign in as the wall (a viewer: reporters masked, its own channel) and the admin.
    const tokenOf = (i: number) => (i % 2 ? server.tokens.wall : server.tokens.admin);
    expect(server.tokens.wall).not.toBe('');
    for (let i = 0; i < CLIENTS; i++) clients.push(new SyncClient(server.url, { token: tokenOf(i) }));
    const scoped = new SyncClient(server.url, { scope: `district:${district}`, token: server.tokens.admin });
    const wall = new SyncClient(server.url, { cadenceMs: 250, token: server.tokens.admin });
    clients.push(scoped, wall);
    // A viewer never receives a reporter's phone in clear, whichever path (live, replay) a batch took.
    const leaks: string[] = [];
    for (const [i, c] of clients.entries()) {
      if (i < CLIENTS && i % 2 === 1)
        c.onBatch = (batch) => {
          for (const e of batch.events) if (e.reporter?.phone === PHONE) leaks.push(`screen ${i}: ${e.id}`);
        };
    }
    expect(await Promise.all(clients.map((c) => c.connect()))).toEqual(clients.map(() => 'snapshot'));
    const city = clients.filter((c) => c !== scoped);
    const dropped = city.slice(0, CLIENTS / 2);
    const quick = dropped.slice(0, dropped.length / 2);
    const late = dropped.slice(dropped.length / 2);

    // The producer: batches of new events across the city, and workflow actions moving older ones on.
    let produced = 0;
    let failed: unknown = null;
    const producer = (async () => {
      for (let b = 0; b < BATCHES; b++) {
        const batch = Array.from({ length: PER_BATCH }, (_, i) =>
          report(`live-${b}-${i}`, gridOf(b * 31 + i)),
        );
        expect((await post('/api/events', batch)).status).toBe(202);
        const s = (k: number) => `seed-${b * 5 + k}`;
        // Different events move concurrently; each one's actions stay in order.
        await Promise.all([
          act(s(0), 'accept'),
          act(s(1), 'accept', 'register'),
          act(s(2), 'cancel'),
          b % 2 ? null : act(s(3), 'accept', 'register', 'dispatch', 'start', 'handle', 'verify', 'close'),
          b % 2 ? null : act(s(4), 'accept', 'register', 'dispatch', 'start', 'handle', 'reopen'),
          act(`live-${b}-0`, 'accept'),
          b > 0 ? act(`live-${b - 1}-1`, 'cancel') : null,
        ]);
        produced = b + 1;
        await new Promise((r) => setTimeout(r, PACE_MS));
      }
    })().catch((err: unknown) => {
      failed = err;
    });
    const reached = (n: number) => () => produced >= n || failed !== null;

    // Mid-stream: half the screens drop once every screen has applied live batches.
    await waitFor(reached(DROP_AFTER), `${DROP_AFTER} produced batches`);
    if (failed) throw failed;
    const target = hub.lastPublishedSeq;
    await waitFor(() => city.every((c) => c.seq >= target), 'every screen at the mid-stream seq');
    for (const c of dropped) c.disconnect();
    const seqAtDrop = new Map(dropped.map((c) => [c, c.seq]));
    // A quarter come straight back on a new socket with the same store…
    const quickModes = await Promise.all(quick.map((c) => c.connect()));
    // …and a quarter only after missing most of the stream.
    await waitFor(reached(LATE_RETURN_AFTER), `${LATE_RETURN_AFTER} produced batches`, 20_000);
    const lateModes = await Promise.all(late.map((c) => c.connect()));
    await producer;
    if (failed) throw failed;

    // Everything committed has been pushed: every city screen reaches the last seq.
    const finalSeq = await server.app.ctx.store.currentSeq();
    expect(hub.lastPublishedSeq).toBe(finalSeq);
    await waitFor(
      () => clients.every((c) => c === scoped || c.seq === finalSeq),
      `every city screen at seq ${finalSeq}`,
      15_000,
    );

    const open = (await server.app.ctx.store.snapshot(1_000_000)).events;
    const expected = stateOf(open);
    const expectedScoped = stateOf(open.filter((e: GridEvent) => e.grid?.district === district));
    expect(expected.size).toBeGreaterThan(SEEDED);
    expect(expectedScoped.size).toBeGreaterThan(0);
    expect(expectedScoped.size).toBeLessThan(expected.size);
    await waitFor(
      () => stateDiff(scoped.state(), expectedScoped).length === 0,
      `the ${district} screen to hold its district's open events`,
      15_000,
    );

    // A fresh screen sees the same as the store: the reference is the protocol's own snapshot.
    const fresh = new SyncClient(server.url, { token: server.tokens.admin });
    clients.push(fresh);
    expect(await fresh.connect()).toBe('snapshot');
    expect(fresh.seq).toBe(finalSeq);
    expect(stateDiff(fresh.state(), expected)).toEqual([]);

    for (const [i, c] of clients.entries()) {
      const want = c === scoped ? expectedScoped : expected;
      expect(stateDiff(c.state(), want), `screen ${i}`).toEqual([]);
      expect(c.store.getSummary().openCount, `screen ${i} open count`).toBe(want.size);
      expect(c.regressions, `screen ${i} applied an older state`).toEqual([]);
      expect(c.errors, `screen ${i} sync errors`).toEqual([]);
      const phones = new Set(c.store.values().map((e) => e.reporter?.phone));
      expect(phones, `screen ${i} reporters' phones`).toEqual(
        new Set([i < CLIENTS && i % 2 === 1 ? '138****1234' : PHONE]),
      );
    }
    expect(leaks).toEqual([]);
    // Resuming from a seq the log still holds is a replay, not a second snapshot.
    expect(quickModes).toEqual(quick.map(() => 'replay'));
    expect(lateModes).toEqual(late.map(() => 'replay'));
    for (const c of dropped) expect(c.snapshots).toBe(1);
    // The late screens missed most of the stream and caught up from the replay alone.
    for (const c of late) expect(finalSeq - seqAtDrop.get(c)!).toBeGreaterThan(PER_BATCH * 5);
    // The suite's 30 s default is tight for this much traffic on a shared 2-core runner.
  }, 60_000);
});
