import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queuedBytes } from '../../server/realtime/socket-server';
import { SyncClient, stateDiff, stateOf } from '../helpers/sync-client';
import { startTestServer, type TestServer, waitFor } from '../helpers/test-server';

/** Events per POST while filling the slow screen's TCP path (each ~6 kB), and while trickling after. */
const FILL_EVENTS = 250;
const TRICKLE_EVENTS = 5;
/** Bounds on the producer whatever happens. */
const MAX_FILL_POSTS = 40;
const MAX_POSTS = 3000;
/** The normal screen's worst batch latency (server flush → client receipt) while the other stalls. */
const LATENCY_LIMIT_MS = 1000;
/** The live hub's bound on a subscriber's unsent messages (server/app.ts). */
const MAX_BACKLOG = 256;

const report = (id: string, description: string) => ({
  id,
  source: 'hotline-12345',
  category: 'urban',
  subcategory: 'street-order',
  lon: 120.5489,
  lat: 27.5819,
  description,
});

/** The `ws` WebSocket under a socket.io-client socket: pausing it stops reading from TCP. */
type RawWebSocket = { pause(): void; resume(): void; isPaused: boolean };

describe('a screen that stops reading', () => {
  let server: TestServer;
  const clients: SyncClient[] = [];
  beforeAll(async () => {
    server = await startTestServer({ SIM: 'off', FLUSH_MS: '10' });
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await server?.close();
  });

  it('does not delay the others, and gets a fresh snapshot once it reads again', async () => {
    const hub = server.app.ctx.hub;
    // The server may hold subscribers of its own (the traffic pool listens to the hub as one).
    const internal = hub.subscriberCount;
    const normal = new SyncClient(server.url, { token: server.tokens.admin });
    const slow = new SyncClient(server.url, { token: server.tokens.admin });
    clients.push(normal, slow);
    expect(await normal.connect()).toBe('snapshot');
    expect(await slow.connect()).toBe('snapshot');
    expect(hub.subscriberCount).toBe(internal + 2);

    // The server's side of the slow screen: engine.io's queue of packets not yet handed to the socket.
    const slowId = slow.socket!.id!;
    const backlog = () =>
      (
        server.app.ctx.io.sockets.sockets.get(slowId)?.conn as unknown as
          | { writeBuffer: unknown[] }
          | undefined
      )?.writeBuffer.length ?? 0;

    // What the hub's byte bound reads: engine.io's queue and the WebSocket's buffer, in bytes.
    const bytes = () => {
      const socket = server.app.ctx.io.sockets.sockets.get(slowId);
      return socket ? queuedBytes(socket as never) : 0;
    };
    let peakBytes = 0;

    const latencies: { at: number; ms: number }[] = [];
    normal.onBatch = (batch, receivedAt) => latencies.push({ at: batch.at, ms: receivedAt - batch.at });

    const ws = (slow.socket!.io.engine.transport as unknown as { ws: RawWebSocket }).ws;
    ws.pause();
    expect(ws.isPaused).toBe(true);
    const pausedAt = Date.now();

    // The producer: big batches until the slow screen's TCP path is full and packets queue on the
    // server, then small ones. Each post waits until the normal screen has it, so about one post goes
    // into each hub tick: every tick queues one more batch for the slow screen.
    const big = '占道经营'.repeat(500);
    let stop = false;
    let posts = 0;
    let fillPosts = 0;
    const failures: string[] = [];
    const producer = (async () => {
      while (!stop && posts < MAX_POSTS) {
        const fill = backlog() < 2 && fillPosts < MAX_FILL_POSTS && hub.subscriberCount === internal + 2;
        if (fill) fillPosts++;
        const n = posts++;
        const body = Array.from({ length: fill ? FILL_EVENTS : TRICKLE_EVENTS }, (_, i) =>
          report(`slow-${n}-${i}`, fill ? big : '占道经营'),
        );
        const res = await server.fetch(`/api/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        if (res.status !== 202) failures.push(`post ${n}: HTTP ${res.status} ${await res.text()}`);
        else await res.arrayBuffer();
        await normal.untilSeq(hub.lastPublishedSeq, 5_000);
      }
    })().catch((err: unknown) => {
      failures.push(`producer: ${(err as Error).message}`);
      stop = true;
    });

    // The hub drops the slow screen from its channel once its backlog passes the bound.
    let peak = 0;
    await waitFor(
      () => {
        peak = Math.max(peak, backlog());
        peakBytes = Math.max(peakBytes, bytes());
        return hub.subscriberCount === internal + 1 || posts >= MAX_POSTS || stop;
      },
      'the hub to drop the slow screen',
      30_000,
    );
    expect(failures).toEqual([]);
    expect(hub.subscriberCount).toBe(internal + 1);
    expect(peak).toBeGreaterThan(MAX_BACKLOG);
    // Hundreds of small batches queued: the byte count sees them too (each at least ~100 bytes).
    expect(peakBytes).toBeGreaterThan(MAX_BACKLOG * 100);
    const overflowAt = Date.now();
    // The normal screen keeps up meanwhile.
    const seqAtOverflow = await server.app.ctx.store.currentSeq();
    await waitFor(() => normal.seq >= seqAtOverflow, 'the normal screen to reach the seq at the overflow');
    expect(slow.seq).toBeLessThan(seqAtOverflow);

    ws.resume();
    const resumedAt = Date.now();
    await waitFor(() => slow.snapshots === 2, 'the slow screen to receive a fresh snapshot', 20_000);
    // Counted where operators look: one resync in /metrics.
    expect(await (await server.fetch('/metrics')).text()).toMatch(/^citybrain_live_resyncs_total 1$/m);
    // Live again: it applies new batches after its fresh snapshot.
    const appliedAtResync = slow.applied;
    await waitFor(() => slow.applied >= appliedAtResync + 5, 'the slow screen to apply live batches again');
    stop = true;
    await producer;
    expect(failures).toEqual([]);

    const finalSeq = await server.app.ctx.store.currentSeq();
    await waitFor(() => normal.seq === finalSeq && slow.seq === finalSeq, `both screens at seq ${finalSeq}`);
    const expected = stateOf((await server.app.ctx.store.snapshot(1_000_000)).events);
    expect(stateDiff(normal.state(), expected)).toEqual([]);
    expect(stateDiff(slow.state(), expected)).toEqual([]);
    for (const c of [normal, slow]) {
      expect(c.regressions).toEqual([]);
      expect(c.errors).toEqual([]);
      expect(c.gaps).toBe(0);
    }
    expect(normal.snapshots).toBe(1);
    expect(hub.subscriberCount).toBe(internal + 2);

    // Batch latency for the normal screen while the slow one was stalled.
    const during = latencies.filter((l) => l.at >= pausedAt && l.at <= resumedAt).map((l) => l.ms);
    during.sort((a, b) => a - b);
    const stats = {
      batches: during.length,
      p50: during[Math.floor(during.length / 2)],
      max: during[during.length - 1],
      stalledMs: resumedAt - pausedAt,
      overflowAfterMs: overflowAt - pausedAt,
      fillPosts,
      posts,
      peak,
    };
    expect(during.length, JSON.stringify(stats)).toBeGreaterThanOrEqual(50);
    expect(stats.max!, JSON.stringify(stats)).toBeLessThanOrEqual(LATENCY_LIMIT_MS);
    // The suite's 30 s default is tight for this much traffic on a shared 2-core runner.
  }, 60_000);
});
