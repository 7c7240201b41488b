import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server';

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('GET /api/stats/today', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ SIM: 'off' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("counts today's reports and closures in the city's zone", async () => {
    const empty = await (await server.fetch('/api/stats/today')).json();
    expect(empty).toMatchObject({ timezone: 'Asia/Shanghai', reportedToday: 0, closureRate: null });
    expect(empty.to - empty.from).toBe(86_400_000);

    const events = ['s-1', 's-2', 's-3', 's-4'].map((id) => ({
      id,
      source: 'grid-worker',
      category: 'urban',
      subcategory: 'street-order',
      lon: 120.56,
      lat: 27.53,
      description: id,
    }));
    expect((await server.fetch('/api/events', json(events))).status).toBe(202);
    for (const action of ['accept', 'register', 'dispatch', 'start', 'handle', 'verify', 'close']) {
      const res = await server.fetch(
        '/api/events/s-1/actions',
        json({ action, assignee: 'team-1', note: 'test: a fixed team' }),
      );
      expect(res.status, action).toBe(200);
    }
    const stats = await (await server.fetch('/api/stats/today')).json();
    expect(stats).toMatchObject({ reportedToday: 4, closedToday: 1, closureRate: 0.25 });
    expect(stats.avgHandlingMinutes).toBeGreaterThanOrEqual(0);
  });

  it('is readable by a wall display token, not anonymously', async () => {
    const wall = await server.fetch('/api/stats/today', {
      headers: { authorization: `Bearer ${server.tokens.wall}` },
    });
    expect(wall.status).toBe(200);
    expect((await fetch(`${server.url}/api/stats/today`)).status).toBe(401);
  });
});
