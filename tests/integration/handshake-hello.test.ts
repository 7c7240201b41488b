import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncResult } from '../../shared/protocol';
import { decodeSnapshot } from '../../shared/snapshot-columns';
import {
  connectClient,
  startTestServer,
  type TestServer,
  type TestSocket,
  waitFor,
} from '../helpers/test-server';

describe('the sync request in the handshake (SocketAuth.hello)', () => {
  let server: TestServer;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    // About 23 simulated events a second, so batches flow within a test's patience.
    server = await startTestServer({ SIM_EVENTS_PER_DAY: '2000000', FLUSH_MS: '50' });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await server?.close();
  });

  it('streams without a sync:hello: the snapshots of events, alerts, plans and traffic, the welcome, then batches', async () => {
    const socket = connectClient(server.url, {
      token: server.tokens.wall,
      hello: { lastSeq: null, compact: true, cadenceMs: 250 },
    });
    sockets.push(socket);
    const got: string[] = [];
    socket.onAny((name: string) => got.push(name));
    let snapshotSeq = -1;
    socket.on('sync:columns', (columns) => {
      snapshotSeq = decodeSnapshot(columns).seq;
    });
    const welcome = new Promise<SyncResult>((resolve) => socket.on('sync:welcome', resolve));
    const result = await welcome;
    expect(result).toEqual({ ok: true, data: { mode: 'snapshot', seq: snapshotSeq } });
    await waitFor(() => got.includes('sync:batch-columns'), 'a live batch');
    for (const name of [
      'sync:columns',
      'alerts:snapshot-columns',
      'plans:snapshot-columns',
      'traffic:snapshot',
    ])
      expect(got, name).toContain(name);
    // The snapshot comes before the welcome and before any batch; nothing is sent as JSON.
    expect(got.indexOf('sync:columns')).toBeLessThan(got.indexOf('sync:welcome'));
    expect(got.indexOf('sync:columns')).toBeLessThan(got.indexOf('sync:batch-columns'));
    expect(got).not.toContain('sync:snapshot');
    expect(got).not.toContain('sync:batch');
  });

  it('resumes from the seq in the handshake with a replay', async () => {
    const first = connectClient(server.url, { token: server.tokens.wall, hello: { lastSeq: null } });
    sockets.push(first);
    let lastSeen = 0;
    first.on('sync:batch', (b) => {
      lastSeen = b.seq;
    });
    const started = await new Promise<SyncResult>((resolve) => first.on('sync:welcome', resolve));
    if (!started.ok) throw new Error(started.error.message);
    await waitFor(() => lastSeen > started.data.seq, 'events after the snapshot');
    first.close();

    const again = connectClient(server.url, {
      token: server.tokens.wall,
      hello: { lastSeq: started.data.seq },
    });
    sockets.push(again);
    const batches: { fromSeq: number }[] = [];
    again.on('sync:batch', (b) => batches.push(b));
    const resumed = await new Promise<SyncResult>((resolve) => again.on('sync:welcome', resolve));
    expect(resumed).toMatchObject({ ok: true, data: { mode: 'replay' } });
    expect(batches[0]?.fromSeq).toBe(started.data.seq + 1);
  });

  it('refuses the connection with the reason when the request is bad, and streams nothing', async () => {
    const socket = connectClient(server.url, {
      token: server.tokens.wall,
      hello: { lastSeq: -1, compact: true },
    });
    sockets.push(socket);
    const got: string[] = [];
    socket.onAny((name: string) => got.push(name));
    const error = await new Promise<Error>((resolve) => socket.on('connect_error', resolve));
    expect(error.message).toMatch(/^bad_request: the handshake's sync:hello .*lastSeq/);
    expect(socket.connected).toBe(false);
    expect(got).toEqual([]);
  });

  it('still answers a sync:hello sent on connect, for clients that do not use the handshake', async () => {
    const socket = server.connect(server.tokens.wall);
    sockets.push(socket);
    const got: string[] = [];
    socket.onAny((name: string) => got.push(name));
    const ack = await socket.emitWithAck('sync:hello', { lastSeq: null });
    expect(ack).toMatchObject({ ok: true, data: { mode: 'snapshot' } });
    expect(got).toContain('sync:snapshot');
    expect(got).not.toContain('sync:welcome');
  });
});
