import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, waitFor } from '../helpers/test-server';

describe('GET /metrics', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ SIM: 'off' });
  });
  afterAll(async () => {
    await server?.close();
  });

  const metric = (text: string, line: string) => {
    const found = text.split('\n').find((l) => l.startsWith(line));
    return found ? Number(found.slice(line.length).trim()) : Number.NaN;
  };

  it('counts ingest by source, rejects by reason, commits, batches and clients in Prometheus text', async () => {
    const client = server.connect();
    await client.emitWithAck('sync:hello', { lastSeq: null });
    const post = (body: unknown) =>
      server.fetch(`/api/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const ok = {
      source: 'hotline-12345',
      category: 'urban',
      subcategory: 'street-order',
      lon: 120.5489,
      lat: 27.5819,
      description: 'x',
    };
    expect((await post([ok, ok].map((e, i) => ({ ...e, id: `m-${i}` })))).status).toBe(202);
    expect((await post({ ...ok, lat: 'north' })).status).toBe(400);
    let batches = 0;
    client.on('sync:batch', () => batches++);
    expect((await post({ ...ok, id: 'm-2' })).status).toBe(202);
    await waitFor(() => batches > 0, 'a live batch');

    const res = await server.fetch(`/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    client.close();
    expect(metric(text, 'citybrain_events_ingested_total{source="hotline-12345"}')).toBe(3);
    expect(metric(text, 'citybrain_events_rejected_total{reason="schema"}')).toBe(1);
    expect(metric(text, 'citybrain_store_commit_seconds_count')).toBe(2);
    expect(metric(text, 'citybrain_live_batch_events_count')).toBeGreaterThanOrEqual(1);
    expect(metric(text, 'citybrain_socket_clients')).toBe(1);
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });
});
