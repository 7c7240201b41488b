/**
 * Load generator (a child process of bench/ingest.ts, bench/fan-out.ts and bench/soak.ts): POSTs event
 * batches over keep-alive HTTP/1.1 connections.
 *
 * - `max`: prebuilds `batches` bodies of `batchSize` events, then on `go` sends them all, `concurrency`
 *   requests in flight, and reports events/s and its own CPU.
 * - `paced`: every `tickMs` posts the events due at `rate` events/s, each stamped `occurredAt` = now
 *   (the fan-out latency origin), until `seconds` have passed or `stop` arrives. With `close`, it also
 *   works events off as a city does (steady state): once more than `close.open` of its events are
 *   open, it moves the oldest through the workflow with the real action API (POST
 *   /api/events/:id/actions, as the admin): every `close.fullEvery`-th event goes the whole way (accept,
 *   register, dispatch, start, handle, verify, close), the others are cancelled as duplicate reports.
 *   At most `close.inFlight` events are being worked at once; when the server does not keep up, new
 *   events are held back (not sent, counted as `heldBack`) so that the open set stays bounded.
 */
import http from 'node:http';
import { reply, serveParent } from '../lib/child';
import { eventInput } from '../lib/event-inputs';
import { ownCpuSeconds } from '../lib/proc';

/** How the paced generator closes its events (see above). */
interface Closing {
  /** A Bearer token allowed events:act and events:supervise (an admin session). */
  token: string;
  /** How many of its events may stay open before it closes the oldest. */
  open: number;
  /** Every n-th event goes through the whole workflow; the others are cancelled. */
  fullEvery: number;
  /** Most events being worked at once. */
  inFlight: number;
}

/** Connections the paced generator works events off on (beside the 16 it posts on). */
const ACTION_SOCKETS = 16;

const FULL_LIFECYCLE = [
  { action: 'accept' },
  { action: 'register' },
  { action: 'dispatch', assignee: 'bench-team', note: 'bench: dispatched to the bench team' },
  { action: 'start' },
  { action: 'handle', note: 'bench: handled' },
  { action: 'verify' },
  { action: 'close' },
] as const;
const CANCEL = [{ action: 'cancel', note: 'bench: duplicate report' }] as const;

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

function post(t: Target, body: Buffer, path = t.path, token = t.token): Promise<number> {
  const u = new URL(path, t.url);
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
          authorization: `Bearer ${token}`,
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
    const { rate, seconds, tickMs, startIndex, close } = m as unknown as {
      rate: number;
      seconds: number;
      tickMs: number;
      startIndex: number;
      close?: Closing;
    };
    // A fixed pool: with a socket per event being worked (up to 256) the pool grew with every burst
    // and kept what it grew (each reused before it idled out), so the soak's server held 180 keep-alive
    // connections at 8 minutes and 250 at 16, a slope of the generator's making. Requests beyond the
    // pool wait in the agent.
    agent ??= new http.Agent({ keepAlive: true, maxSockets: 16 + (close ? ACTION_SOCKETS : 0) });
    pacing = { stop: false };
    const state = pacing;
    const statuses: Record<string, number> = {};
    let sent = 0;
    let inFlight = 0;
    let skipped = 0;
    const cpu0 = ownCpuSeconds();
    const t0 = performance.now();
    let due = 0;
    // Closing: ids accepted by the server, oldest first (a ring of indices into `ids`).
    const open: string[] = [];
    let openHead = 0;
    let working = 0;
    let closed = 0;
    let cancelled = 0;
    let worked = 0;
    let heldBack = 0;
    /** Events in ingest requests not yet answered. */
    let posting = 0;
    const actionStatuses: Record<string, number> = {};
    const work = async (id: string, n: number) => {
      const steps = close!.fullEvery > 0 && n % close!.fullEvery === 0 ? FULL_LIFECYCLE : CANCEL;
      for (const step of steps) {
        const status = await post(
          t,
          Buffer.from(JSON.stringify(step)),
          `/api/events/${encodeURIComponent(id)}/actions`,
          close!.token,
        ).catch(() => 'error' as const);
        actionStatuses[status] = (actionStatuses[status] ?? 0) + 1;
        if (status !== 200) return;
      }
      if (steps === CANCEL) cancelled++;
      else closed++;
    };
    const closeOldest = () => {
      if (!close) return;
      while (open.length - openHead > close.open && working < close.inFlight) {
        const id = open[openHead++]!;
        const n = worked++;
        working++;
        void work(id, n).finally(() => working--);
      }
      if (openHead > 100_000) {
        open.splice(0, openHead);
        openHead = 0;
      }
    };
    await new Promise<void>((resolve) => {
      const tick = () => {
        const elapsed = (performance.now() - t0) / 1000;
        if (state.stop || elapsed >= seconds) return resolve();
        due = Math.floor(elapsed * rate) - sent - skipped - heldBack;
        if (due > 0) {
          if (close && open.length - openHead + posting > close.open + close.inFlight * 2) {
            // The server is not working events off as fast as they come: hold new ones back rather than
            // let the open set (and so the server's memory) grow; a soak then measures a steady state.
            heldBack += due;
          } else if (inFlight >= 16) {
            // The server is not keeping up: count what we could not send rather than queue without bound.
            skipped += due;
          } else {
            const n = Math.min(due, 1000);
            const from = startIndex + sent;
            const b = body(t, from, n, Date.now());
            sent += n;
            inFlight++;
            posting += n;
            post(t, b)
              .then((s) => {
                statuses[s] = (statuses[s] ?? 0) + 1;
                if (close && s === 202) for (let i = from; i < from + n; i++) open.push(`${t.prefix}-${i}`);
              })
              .catch(() => {
                statuses.error = (statuses.error ?? 0) + 1;
              })
              .finally(() => {
                inFlight--;
                posting -= n;
              });
          }
        }
        closeOldest();
        setTimeout(tick, tickMs);
      };
      tick();
    });
    while (inFlight > 0 || working > 0) await new Promise((r) => setTimeout(r, 5));
    const secs = (performance.now() - t0) / 1000;
    reply({
      type: 'paced',
      sent,
      skipped,
      seconds: secs,
      cpu: (ownCpuSeconds() - cpu0) / secs,
      statuses,
      ...(close ? { closed, cancelled, heldBack, open: open.length - openHead, actionStatuses } : {}),
    });
  } else if (m.type === 'stop') {
    if (pacing) pacing.stop = true;
  }
});
