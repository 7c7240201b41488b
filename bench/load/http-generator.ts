/**
 * Load generator (a child process of bench/ingest.ts, bench/fan-out.ts and bench/soak.ts): POSTs event
 * batches over keep-alive HTTP/1.1 connections.
 *
 * - `max`: prebuilds `batches` bodies of `batchSize` events, then on `go` sends them all, `concurrency`
 *   requests in flight, and reports events/s and its own CPU.
 * - `paced`: every `tickMs` posts the events due at `rate` events/s, each stamped `occurredAt` = now
 *   (the fan-out latency origin), until `seconds` have passed or `stop` arrives.
 */
import http from 'node:http';
import { reply, serveParent } from '../lib/child';
import { eventInput } from '../lib/event-inputs';
import { ownCpuSeconds } from '../lib/proc';

interface Target {
  url: string;
  path: string;
  token: string;
  points: [number, number][];
  prefix: string;
}

let agent: http.Agent | null = null;
let prebuilt: Buffer[] = [];
let pacing: { stop: boolean } | null = null;

function post(t: Target, body: Buffer): Promise<number> {
  const u = new URL(t.path, t.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        method: 'POST',
        agent: agent!,
        headers: {
          'content-type': 'application/json',
          'content-length': body.byteLength,
          authorization: `Bearer ${t.token}`,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function body(t: Target, from: number, count: number, occurredAt?: number): Buffer {
  const items = [];
  for (let i = from; i < from + count; i++) items.push(eventInput(t.prefix, i, t.points, occurredAt));
  return Buffer.from(JSON.stringify(items));
}

serveParent(async (m) => {
  const t = m.target as Target;
  if (m.type === 'prepare') {
    const { batches, batchSize, concurrency } = m as unknown as {
      batches: number;
      batchSize: number;
      concurrency: number;
    };
    agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
    prebuilt = Array.from({ length: batches }, (_, b) => body(t, b * batchSize, batchSize));
    reply({ type: 'prepared', bytes: prebuilt.reduce((s, b) => s + b.byteLength, 0) });
  } else if (m.type === 'go') {
    const { concurrency } = m as unknown as { concurrency: number };
    const statuses: Record<string, number> = {};
    let next = 0;
    const cpu0 = ownCpuSeconds();
    const t0 = performance.now();
    const worker = async () => {
      while (next < prebuilt.length) {
        const b = prebuilt[next++]!;
        const status = await post(t, b);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const seconds = (performance.now() - t0) / 1000;
    reply({ type: 'done', seconds, cpu: (ownCpuSeconds() - cpu0) / seconds, statuses });
  } else if (m.type === 'pace') {
    const { rate, seconds, tickMs, startIndex } = m as unknown as {
      rate: number;
      seconds: number;
      tickMs: number;
      startIndex: number;
    };
    agent ??= new http.Agent({ keepAlive: true, maxSockets: 16 });
    pacing = { stop: false };
    const state = pacing;
    const statuses: Record<string, number> = {};
    let sent = 0;
    let inFlight = 0;
    let skipped = 0;
    const cpu0 = ownCpuSeconds();
    const t0 = performance.now();
    let due = 0;
    await new Promise<void>((resolve) => {
      const tick = () => {
        const elapsed = (performance.now() - t0) / 1000;
        if (state.stop || elapsed >= seconds) return resolve();
        due = Math.floor(elapsed * rate) - sent - skipped;
        if (due > 0) {
          if (inFlight >= 16) {
            // The server is not keeping up: count what we could not send rather than queue without bound.
            skipped += due;
          } else {
            const n = Math.min(due, 1000);
            const b = body(t, startIndex + sent, n, Date.now());
            sent += n;
            inFlight++;
            post(t, b)
              .then((s) => {
                statuses[s] = (statuses[s] ?? 0) + 1;
              })
              .catch(() => {
                statuses.error = (statuses.error ?? 0) + 1;
              })
              .finally(() => inFlight--);
          }
        }
        setTimeout(tick, tickMs);
      };
      tick();
    });
    while (inFlight > 0) await new Promise((r) => setTimeout(r, 5));
    const secs = (performance.now() - t0) / 1000;
    reply({ type: 'paced', sent, skipped, seconds: secs, cpu: (ownCpuSeconds() - cpu0) / secs, statuses });
  } else if (m.type === 'stop') {
    if (pacing) pacing.stop = true;
  }
});
