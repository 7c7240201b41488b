/**
 * Fan-out baseline (a child process of bench/fan-out.ts): the least a server must do to push events to
 * screens. POST /ingest parses a JSON batch of reports and turns each into an event of the same shape
 * and size as the real server's; every `flushMs` the pending events become one batch message
 * ({fromSeq, seq, at, events}), serialised once and written as the same buffer to every `ws` client
 * (pre-framed). No auth, validation, locating, storage or per-client state.
 */
import http from 'node:http';
import { WebSocketServer } from 'ws';
import type { EventInput, GridEvent } from '../../shared/schemas/event';
import { reply, serveParent } from '../lib/child';

serveParent(async (m) => {
  if (m.type !== 'listen') return;
  const flushMs = Number(m.flushMs ?? 50);
  let seq = 0;
  let pending: GridEvent[] = [];
  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/ingest') {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const inputs = JSON.parse(Buffer.concat(chunks).toString()) as EventInput[];
      const now = Date.now();
      for (const input of inputs) {
        pending.push({
          id: input.id ?? `x${seq}`,
          source: input.source,
          category: input.category,
          subcategory: input.subcategory,
          severity: 'medium',
          lon: input.lon ?? 0,
          lat: input.lat ?? 0,
          grid: {
            micro: '330383001001001',
            full: '330383001001',
            community: '330383001',
            district: '330383',
          },
          description: input.description,
          keyPerson: false,
          keyAreaId: null,
          reporter: null,
          status: 'reported',
          version: 1,
          assignee: null,
          occurredAt: input.occurredAt ?? now,
          receivedAt: now,
          updatedAt: now,
          dispatchedAt: null,
          dueAt: null,
          closedAt: null,
        });
      }
      res.writeHead(202, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ accepted: inputs.map((i) => i.id), duplicates: [] }));
    });
  });
  // As Fastify does (72 s): Node's 5 s default races the generator's keep-alive reuse (ECONNRESET).
  server.keepAliveTimeout = 72_000;
  const wss = new WebSocketServer({ server, perMessageDeflate: false });
  const timer = setInterval(() => {
    if (pending.length === 0) return;
    const fromSeq = seq + 1;
    seq += pending.length;
    const frame = Buffer.from(JSON.stringify({ fromSeq, seq, at: Date.now(), events: pending }));
    pending = [];
    for (const client of wss.clients) client.send(frame, { binary: false });
  }, flushMs);
  process.on('SIGTERM', () => {
    clearInterval(timer);
    process.exit(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  reply({ type: 'listening', url: `http://127.0.0.1:${address.port}` });
});
