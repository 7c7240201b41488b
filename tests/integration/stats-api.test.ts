import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { ManualClock } from '../../server/clock';
import { loadConfig } from '../../server/config';
import { CATEGORIES } from '../../shared/domain/categories';
import {
  adminPasswordOf,
  signIn,
  startTestServer,
  type TestServer,
  tempDataDir,
} from '../helpers/test-server';

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

describe('GET /api/stats/hourly', () => {
  // Run the server in a zone far from the city's: hours and days must still be Asia/Shanghai's.
  const machineZone = process.env.TZ;
  process.env.TZ = 'America/Los_Angeles';
  // 2026-03-10 23:30 in Shanghai (15:30 UTC); Los Angeles is on 2026-03-10 08:30 then.
  const clock = new ManualClock(Date.parse('2026-03-10T15:30:00Z'));
  let app: FastifyInstance;
  let dataDir: string;
  let url: string;
  let admin: string;

  beforeAll(async () => {
    dataDir = tempDataDir();
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
      SIM: 'off',
    });
    app = await buildApp(config, { clock });
    await app.listen({ host: config.host, port: 0 });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('server has no port');
    url = `http://127.0.0.1:${address.port}`;
    admin = await signIn(url, 'admin', adminPasswordOf(dataDir));
  });
  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (machineZone === undefined) delete process.env.TZ;
    else process.env.TZ = machineZone;
  });

  const get = (path: string, token = admin) =>
    fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  /** Reports `n` events of `category` now, by the server's (manual) clock. */
  const report = async (prefix: string, category: 'urban' | 'environment', n: number) => {
    const events = Array.from({ length: n }, (_, i) => ({
      id: `${prefix}-${i}`,
      source: 'grid-worker',
      category,
      subcategory: category === 'urban' ? 'street-order' : 'garbage',
      lon: 120.56,
      lat: 27.53,
      description: `${prefix} ${i}`,
    }));
    const res = await fetch(`${url}/api/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify(events),
    });
    expect(res.status).toBe(202);
  };
  const at = async (iso: string) => {
    clock.advance(Date.parse(iso) - clock.now());
  };
  const hours = (day: { byCategory: { category: string; hours: number[] }[] }, category: string) =>
    day.byCategory.find((c) => c.category === category)?.hours;

  it('splits reports into city-local hours, today against yesterday, at Shanghai midnight', async () => {
    expect(new Date(clock.now()).getTimezoneOffset()).not.toBe(-480); // the machine zone is not the city's
    await at('2026-03-09T15:50:00Z'); // 03-09 23:50 Shanghai: the day before yesterday, not counted
    await report('old', 'urban', 1);
    await at('2026-03-10T01:20:00Z'); // 03-10 09:20 Shanghai: yesterday, before the time it is now
    await report('y9', 'environment', 2);
    await at('2026-03-10T15:30:00Z'); // 03-10 23:30 Shanghai: yesterday's last hour
    await report('y23', 'urban', 3);
    await at('2026-03-10T16:10:00Z'); // 03-11 00:10 Shanghai: today's first hour (still the 10th in UTC)
    await report('t0', 'urban', 4);
    await at('2026-03-11T00:05:00Z'); // 03-11 08:05 Shanghai (the UTC day has just turned)
    await report('t8', 'environment', 1);
    await at('2026-03-11T02:05:00Z'); // now: 03-11 10:05 Shanghai
    await report('t10', 'urban', 2);

    const res = await get('/api/stats/hourly');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      scope: 'city',
      timezone: 'Asia/Shanghai',
      now: Date.parse('2026-03-11T02:05:00Z'),
    });
    expect(body.today).toMatchObject({
      date: '2026-03-11',
      from: Date.parse('2026-03-10T16:00:00Z'),
      to: Date.parse('2026-03-11T16:00:00Z'),
      total: 7,
    });
    expect(body.yesterday).toMatchObject({
      date: '2026-03-10',
      from: Date.parse('2026-03-09T16:00:00Z'),
      to: Date.parse('2026-03-10T16:00:00Z'),
      total: 5,
      sameTimeTotal: 2,
    });
    const only = (entries: Record<number, number>) => Array.from({ length: 24 }, (_, h) => entries[h] ?? 0);
    expect(hours(body.today, 'urban')).toEqual(only({ 0: 4, 10: 2 }));
    expect(hours(body.today, 'environment')).toEqual(only({ 8: 1 }));
    expect(hours(body.yesterday, 'urban')).toEqual(only({ 23: 3 }));
    expect(hours(body.yesterday, 'environment')).toEqual(only({ 9: 2 }));
    // Every category of the taxonomy, zeros included, so the chart keeps its colours and order.
    expect(body.today.byCategory.map((c: { category: string }) => c.category)).toEqual(
      CATEGORIES.map((c) => c.id),
    );
    expect(hours(body.today, 'emergency')).toEqual(only({}));
    // Yesterday up to 10:05: the two environment reports of 09:20, not the urban ones of 23:30.
    const sameTime = Object.fromEntries(
      body.yesterday.sameTimeByCategory.map((c: { category: string; count: number }) => [
        c.category,
        c.count,
      ]),
    );
    expect(sameTime).toMatchObject({ environment: 2, urban: 0, emergency: 0 });
  });

  it('narrows to one district, and refuses an unknown one', async () => {
    const [event] = await app.ctx.store.getEvents(['t0-0']);
    const district = event?.grid?.district;
    expect(district).toMatch(/^D\d+$/);
    const inside = await (await get(`/api/stats/hourly?scope=district:${district}`)).json();
    expect(inside).toMatchObject({
      scope: `district:${district}`,
      today: { total: 7 },
      yesterday: { total: 5 },
    });
    const elsewhere = district === 'D01' ? 'D02' : 'D01';
    const outside = await (await get(`/api/stats/hourly?scope=district:${elsewhere}`)).json();
    expect(outside).toMatchObject({ today: { total: 0 }, yesterday: { total: 0, sameTimeTotal: 0 } });
    expect((await get('/api/stats/hourly?scope=district:D99')).status).toBe(400);
    expect((await get('/api/stats/hourly?scope=everywhere')).status).toBe(400);
  });

  it('is readable by a wall display token, not anonymously, and documented in the OpenAPI', async () => {
    const wallToken = app.ctx.bootstrap.wallToken ?? '';
    expect((await get('/api/stats/hourly', wallToken)).status).toBe(200);
    expect((await fetch(`${url}/api/stats/hourly`)).status).toBe(401);
    const doc = await (await get('/docs/json')).json();
    expect(Object.keys(doc.paths)).toContain('/api/stats/hourly');
  });
});
