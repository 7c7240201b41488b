/**
 * Screen clients for fan-out and soak (a child process of bench/fan-out.ts and bench/soak.ts): N
 * sockets to one server, each measuring, for every event it receives, receive time − `occurredAt` (the
 * generator's send time; same machine, same clock). `socketio` clients are real socket.io-clients
 * with the wall's display token doing `sync:hello` as the wall does (compact: snapshot and batches as
 * columns, decoded); `ws` clients are plain WebSockets for the baseline.
 * Both parse every message in full, as a screen must.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import type { ClientToServerEvents, LiveBatch, ServerToClientEvents } from '../../shared/protocol';
import { unpackRecords } from '../../shared/record-columns';
import { decodeBatch, decodeSnapshot } from '../../shared/snapshot-columns';
import { reply, serveParent } from '../lib/child';
import { ownCpuSeconds } from '../lib/proc';
import { LatencyHistogram } from '../lib/stats';

const hist = new LatencyHistogram();
/**
 * Receive time − the batch's `at` (when the server flushed it), counted once per event: the part of the
 * latency after the flush (the server's writes, the transport and this process's queue of screens).
 */
const sinceFlush = new LatencyHistogram();
let events = 0;
let batches = 0;
let disconnects = 0;
/** Disconnects by reason (Socket.IO's: `ping timeout`, `transport close`, `io server disconnect`…). */
let reasons: Record<string, number> = {};
/** Seconds after `measure` at which each disconnect came, and snapshots received (the first, then resyncs). */
let disconnectTimes: number[] = [];
let snapshots = 0;
/** Messages received by event name (`ws` clients: all `sync:batch`), all clients together. */
let messages: Record<string, number> = {};
/** Bytes received by event name (binary attachments under `binary`), all clients together. */
let bytes: Record<string, number> = {};
/** This process's event-loop delay: how long a message that arrived waited behind the other screens' work. */
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
let cpu0 = 0;
let t0 = 0;
const closers: (() => void)[] = [];

function onBatch(batch: LiveBatch): void {
  const now = Date.now();
  batches++;
  sinceFlush.add(now - batch.at, batch.events.length);
  for (const e of batch.events) {
    hist.add(now - e.occurredAt);
    events++;
  }
}

function connectSocketIo(url: string, token: string, cadenceMs: number): Promise<void> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: { token },
  });
  closers.push(() => socket.disconnect());
  socket.on('sync:batch', onBatch);
  socket.on('sync:batch-columns', (columns) => onBatch(decodeBatch(columns)));
  socket.onAny((name: string) => {
    messages[name] = (messages[name] ?? 0) + 1;
  });
  socket.io.on('open', () =>
    socket.io.engine.on('packet', ({ data }: { data?: unknown }) => {
      // A Socket.IO event packet reads `42["name",…]` (or `451-["name",…]` before binary attachments).
      const name = typeof data === 'string' ? (/^\d+(?:-)?\["([^"]+)"/.exec(data)?.[1] ?? 'other') : 'binary';
      const size =
        typeof data === 'string'
          ? Buffer.byteLength(data)
          : ((data as ArrayBuffer | undefined)?.byteLength ?? 0);
      bytes[name] = (bytes[name] ?? 0) + size;
    }),
  );
  // Decoded as the wall does (client/net/live-socket.ts), so a resync costs the client what it costs a screen.
  socket.on('sync:columns', (columns) => {
    snapshots++;
    decodeSnapshot(columns);
  });
  // Alerts and plans as columns, decoded as the pages do (client/net/alert-feed.ts, plan-feed.ts).
  socket.on('alerts:snapshot-columns', (snapshot) => unpackRecords(snapshot.alerts));
  socket.on('alert:changes-columns', (changes) => unpackRecords(changes));
  socket.on('plans:snapshot-columns', (snapshot) => unpackRecords(snapshot.plans));
  socket.on('plan:changes-columns', (plans) => unpackRecords(plans));
  socket.on('disconnect', (reason) => {
    disconnects++;
    disconnectTimes.push((performance.now() - t0) / 1000);
    reasons[reason] = (reasons[reason] ?? 0) + 1;
  });
  return new Promise((resolve, reject) => {
    socket.once('connect_error', reject);
    socket.once('connect', () =>
      socket.emit(
        'sync:hello',
        { lastSeq: null, compact: true, ...(cadenceMs > 0 ? { cadenceMs } : {}) },
        (r) => (r.ok ? resolve() : reject(new Error(r.error.message))),
      ),
    );
  });
}

function connectWs(url: string): Promise<void> {
  const ws = new WebSocket(url.replace(/^http/, 'ws'), { perMessageDeflate: false });
  closers.push(() => ws.close());
  ws.on('message', (data: Buffer) => {
    messages['sync:batch'] = (messages['sync:batch'] ?? 0) + 1;
    bytes['sync:batch'] = (bytes['sync:batch'] ?? 0) + data.length;
    onBatch(JSON.parse(data.toString()) as LiveBatch);
  });
  ws.on('close', () => disconnects++);
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () => resolve());
  });
}

serveParent(async (m) => {
  if (m.type === 'connect') {
    const {
      kind,
      url,
      token,
      clients,
      cadenceMs = 0,
    } = m as unknown as {
      kind: 'socketio' | 'ws';
      url: string;
      token: string;
      clients: number;
      /** Batches merged per screen at this cadence, as the wall asks for (0: every flush). */
      cadenceMs?: number;
    };
    const start = performance.now();
    // A few at a time, as screens coming up would, not a thundering herd.
    for (let i = 0; i < clients; i += 10) {
      const n = Math.min(10, clients - i);
      await Promise.all(
        Array.from({ length: n }, () =>
          kind === 'ws' ? connectWs(url) : connectSocketIo(url, token, cadenceMs),
        ),
      );
    }
    reply({ type: 'connected', ms: performance.now() - start });
  } else if (m.type === 'measure') {
    hist.reset();
    sinceFlush.reset();
    events = 0;
    batches = 0;
    disconnects = 0;
    reasons = {};
    disconnectTimes = [];
    snapshots = 0;
    messages = {};
    bytes = {};
    cpu0 = ownCpuSeconds();
    loopDelay.reset();
    loopDelay.enable();
    t0 = performance.now();
    reply({ type: 'measuring' });
  } else if (m.type === 'report') {
    const seconds = (performance.now() - t0) / 1000;
    reply({
      type: 'report',
      hist: hist.toSparse(),
      sinceFlush: sinceFlush.toSparse(),
      events,
      batches,
      disconnects,
      reasons,
      disconnectTimes,
      snapshots,
      messages,
      bytes,
      seconds,
      cpu: (ownCpuSeconds() - cpu0) / seconds,
      loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
      loopDelayMaxMs: loopDelay.max / 1e6,
    });
  } else if (m.type === 'close') {
    for (const close of closers.splice(0)) close();
    reply({ type: 'closed' });
  }
});
