import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveBatch, Snapshot } from '../../shared/protocol';
import { decodeBatch, decodeSnapshot } from '../../shared/snapshot-columns';
import { startTestServer, type TestServer, waitFor } from '../helpers/test-server';

describe('walking skeleton: server → socket', () => {
  let server: TestServer;

  beforeAll(async () => {
    // About 23 simulated events a second, so batches flow within a test's patience.
    server = await startTestServer({ SIM_EVENTS_PER_DAY: '2000000', FLUSH_MS: '50' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers GET /api/health with status, version, seq, uptime and clients', async () => {
    const res = await server.fetch(`/api/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.status).toBe('ok');
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(Number.isInteger(body.seq)).toBe(true);
    expect(typeof body.uptimeS).toBe('number');
    expect(body.clients).toBe(0);
  });

  it('refuses POST /api/health with a JSON 404 that names the route', async () => {
    const res = await server.fetch(`/api/health`, { method: 'POST' });
    expect(res.status).toBe(404);
    const body = (await res.json()) as { message: string };
    expect(body.message).toContain('POST:/api/health');
  });

  it('sends a snapshot, then live batches with strictly increasing, contiguous seq', async () => {
    const socket = server.connect();
    const snapshots: Snapshot[] = [];
    const batches: LiveBatch[] = [];
    socket.on('sync:snapshot', (s) => snapshots.push(s));
    socket.on('sync:batch', (b) => batches.push(b));
    const ack = await socket.emitWithAck('sync:hello', { lastSeq: null });
    expect(ack).toMatchObject({ ok: true, data: { mode: 'snapshot' } });
    await waitFor(() => batches.length >= 5, '5 live batches');

    const health = (await (await server.fetch(`/api/health`)).json()) as { clients: number };
    expect(health.clients).toBe(1);
    socket.close();

    expect(snapshots).toHaveLength(1);
    let last = snapshots[0]!.seq;
    for (const b of batches) {
      if (b.seq <= last) continue; // a batch flushed before the snapshot was read is already in it
      expect(b.fromSeq).toBeLessThanOrEqual(last + 1);
      expect(b.seq).toBeGreaterThan(last);
      expect(b.events.length).toBeGreaterThan(0);
      last = b.seq;
    }
    expect(last).toBeGreaterThan(snapshots[0]!.seq);
    // Each event is located in the grid hierarchy (the simulator only reports inside the city).
    const event = batches[0]!.events[0]!;
    expect(event.grid?.micro).toMatch(/^330383198\d{3}F\d{2}M\d{2,3}$/);
  });

  it('replays exactly the missed changes when a client resumes from its last seq', async () => {
    const first = server.connect();
    const seen: LiveBatch[] = [];
    first.on('sync:batch', (b) => seen.push(b));
    await first.emitWithAck('sync:hello', { lastSeq: null });
    await waitFor(() => seen.length >= 2, '2 batches');
    const resumeFrom = seen[seen.length - 1]!.seq;
    first.close();
    // Let changes pile up while the client is away.
    const target = resumeFrom + 20;
    await waitFor(() => server.app.ctx.hub.lastPublishedSeq >= target, 'changes while away');

    const second = server.connect();
    const replayed: LiveBatch[] = [];
    second.on('sync:batch', (b) => replayed.push(b));
    let snapshotSeen = false;
    second.on('sync:snapshot', () => {
      snapshotSeen = true;
    });
    const ack = await second.emitWithAck('sync:hello', { lastSeq: resumeFrom });
    second.close();
    expect(ack.ok).toBe(true);
    expect(snapshotSeen).toBe(false);
    expect(replayed[0]!.fromSeq).toBe(resumeFrom + 1);
    for (let i = 1; i < replayed.length; i++) expect(replayed[i]!.fromSeq).toBe(replayed[i - 1]!.seq + 1);
    expect(replayed[replayed.length - 1]!.seq).toBeGreaterThanOrEqual(target);
  });

  it('gives a compact client the same stream as columns: snapshot, live batches and replay', async () => {
    const plain = server.connect();
    const compact = server.connect();
    const plainBatches: LiveBatch[] = [];
    const compactBatches: LiveBatch[] = [];
    let compactSnapshot: Snapshot | null = null;
    plain.on('sync:batch', (b) => plainBatches.push(b));
    compact.on('sync:batch', () => {
      throw new Error('a compact client got a JSON batch');
    });
    compact.on('sync:columns', (c) => {
      compactSnapshot = decodeSnapshot(c);
    });
    compact.on('sync:batch-columns', (c) => compactBatches.push(decodeBatch(c)));
    await plain.emitWithAck('sync:hello', { lastSeq: null });
    const ack = await compact.emitWithAck('sync:hello', { lastSeq: null, compact: true });
    expect(ack).toMatchObject({ ok: true, data: { mode: 'snapshot' } });
    await waitFor(() => compactBatches.length >= 4, '4 compact batches');
    plain.close();
    compact.close();
    expect(compactSnapshot).not.toBeNull();
    // Batches after both joined are the hub's same batches: as columns they decode to the same events.
    const bySeq = new Map(plainBatches.map((b) => [b.seq, b]));
    const both = compactBatches.filter((b) => bySeq.has(b.seq));
    expect(both.length).toBeGreaterThanOrEqual(2);
    for (const b of both) expect(b).toEqual(bySeq.get(b.seq));

    // Resuming, the replayed gap comes as columns too.
    const resumeFrom = compactBatches.at(-1)!.seq;
    await waitFor(() => server.app.ctx.hub.lastPublishedSeq >= resumeFrom + 10, 'changes while away');
    const again = server.connect();
    const replayed: LiveBatch[] = [];
    again.on('sync:batch-columns', (c) => replayed.push(decodeBatch(c)));
    const resumed = await again.emitWithAck('sync:hello', { lastSeq: resumeFrom, compact: true });
    again.close();
    expect(resumed).toMatchObject({ ok: true, data: { mode: 'replay' } });
    expect(replayed[0]!.fromSeq).toBe(resumeFrom + 1);
    expect(replayed[0]!.events.length).toBeGreaterThan(0);
  });

  it('refuses a malformed sync:hello with a specific error', async () => {
    const socket = server.connect();
    const ack = await socket.emitWithAck('sync:hello', { lastSeq: 'yesterday' } as never);
    socket.close();
    expect(ack).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    if (!ack.ok) expect(ack.error.message).toContain('/lastSeq');
  });
});
