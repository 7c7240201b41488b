import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AlertsSnapshot, SCREEN_EVENT_IDS } from '../../shared/protocol';
import { unpackRecords } from '../../shared/record-columns';
import type { AlertChange } from '../../shared/schemas/alert';
import { capSchemaErrors, xmlWellFormedErrors } from '../fixtures/cap-validate';
import { startTestServer, type TestServer, type TestSocket, waitFor } from '../helpers/test-server';

const keyPersonReport = (id: string) => ({
  id,
  source: 'grid-worker',
  category: 'stability',
  subcategory: 'petition',
  lon: 120.5489,
  lat: 27.5819,
  description: '重点人员上访',
  keyPerson: true,
  reporter: { name: '张三', phone: '13800001234' },
});

describe('alerts over HTTP and Socket.IO', () => {
  let server: TestServer;
  let socket: TestSocket;
  const changes: AlertChange[] = [];
  let snapshot: AlertsSnapshot | null = null;
  // A screen that asked `compact` (as the wall does): the same, as columns.
  let compact: TestSocket;
  const compactChanges: AlertChange[] = [];
  let compactSnapshot: AlertsSnapshot | null = null;
  const json = async (res: Response) => ({
    status: res.status,
    body: (await res.json()) as Record<string, any>,
  });
  const send = (method: string, url: string, body?: unknown, token?: string) =>
    server
      .fetch(url, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      .then(json);

  beforeAll(async () => {
    server = await startTestServer({ SIM: 'off' });
    socket = server.connect();
    socket.on('alerts:snapshot', (s) => {
      snapshot = s;
    });
    socket.on('alert:changes', (cs) => changes.push(...cs));
    await new Promise<void>((resolve, reject) => {
      socket.on('connect_error', reject);
      socket.emit('sync:hello', { lastSeq: null }, (r) =>
        r.ok ? resolve() : reject(new Error(r.error.message)),
      );
    });
    compact = server.connect();
    compact.on('alerts:snapshot', () => {
      throw new Error('a compact socket got alerts:snapshot as JSON');
    });
    compact.on('alert:changes', () => {
      throw new Error('a compact socket got alert:changes as JSON');
    });
    compact.on('alerts:snapshot-columns', (s) => {
      compactSnapshot = { ...s, alerts: unpackRecords(s.alerts) };
    });
    compact.on('alert:changes-columns', (cs) => compactChanges.push(...unpackRecords(cs)));
    compact.emit('sync:hello', { lastSeq: null, compact: true }, () => {});
    await waitFor(() => snapshot !== null && compactSnapshot !== null, 'alerts:snapshot');
  });
  afterAll(async () => {
    compact?.close();
    socket?.close();
    await server?.close();
  });

  it('raises a key-person alert at once, broadcasts it and lists it without personal data', async () => {
    expect(snapshot!.alerts).toEqual([]);
    expect((await send('POST', '/api/events', keyPersonReport('kp-1'))).status).toBe(202);
    await waitFor(() => changes.some((c) => c.alert.key === 'key-person:kp-1'), 'alert:changes');
    const raised = changes.find((c) => c.alert.key === 'key-person:kp-1')!;
    expect(raised.transition).toMatchObject({ action: 'raise', to: 'raised', actor: 'rules' });
    expect(raised.seq).toBeGreaterThan(snapshot!.seq);
    const list = await send('GET', '/api/alerts');
    expect(list.body.alerts.map((a: any) => a.id)).toContain(raised.alert.id);
    expect(JSON.stringify(list.body)).not.toMatch(/张三|13800001234/);
    const filtered = await send('GET', '/api/alerts?status=raised,acknowledged&rule=key-person&level=orange');
    expect(filtered.body.alerts.map((a: any) => a.id)).toEqual([raised.alert.id]);
    expect((await send('GET', '/api/alerts?status=nope')).status).toBe(400);
  });

  it('walks the lifecycle over the socket and HTTP, storing and broadcasting each step', async () => {
    const id = changes.find((c) => c.alert.key === 'key-person:kp-1')!.alert.id;
    const emit = (name: 'alert:ack' | 'alert:assign' | 'alert:resolve', req: Record<string, unknown>) =>
      new Promise<any>((resolve) => socket.emit(name, req as never, resolve));
    expect(await emit('alert:ack', { id, note: '已知悉' })).toMatchObject({
      ok: true,
      data: { status: 'acknowledged', acknowledgedBy: 'user:admin' },
    });
    expect(await emit('alert:assign', { id })).toMatchObject({
      ok: false,
      error: { code: 'illegal_transition', message: 'assign needs an assignee' },
    });
    expect(await emit('alert:assign', { id, assignee: 'D01' })).toMatchObject({
      ok: true,
      data: { status: 'assigned', assignee: 'D01' },
    });
    expect(await emit('alert:ack', { id: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await emit('alert:ack', { id, extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    const resolved = await send('POST', `/api/alerts/${id}/actions`, { action: 'resolve', note: '已处置' });
    expect(resolved.body).toMatchObject({ status: 'resolved' });
    const again = await send('POST', `/api/alerts/${id}/actions`, { action: 'acknowledge' });
    expect(again.status).toBe(409);
    const detail = await send('GET', `/api/alerts/${id}`);
    expect(detail.body.transitions.map((t: any) => `${t.action}:${t.actor}`)).toEqual([
      'raise:rules',
      'acknowledge:user:admin',
      'assign:user:admin',
      'resolve:user:admin',
    ]);
    await waitFor(
      () => changes.some((c) => c.alert.id === id && c.alert.status === 'resolved'),
      'resolve broadcast',
    );
  });

  it('refuses alert commands to a read-only wall', async () => {
    const id = changes[0]!.alert.id;
    const res = await send('POST', `/api/alerts/${id}/actions`, { action: 'close' }, server.tokens.wall);
    expect(res.status).toBe(403);
    const wall = server.connect(server.tokens.wall);
    const reply = await new Promise<any>((resolve) => wall.emit('alert:ack', { id }, resolve));
    wall.close();
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('exports CAP 1.2 (valid against the XSD) and an Atom feed of active alerts', async () => {
    await send('POST', '/api/events', keyPersonReport('kp-2'));
    await waitFor(() => changes.some((c) => c.alert.key === 'key-person:kp-2'), 'second alert');
    const active = changes.find((c) => c.alert.key === 'key-person:kp-2')!.alert;
    const resolved = changes.find((c) => c.alert.key === 'key-person:kp-1')!.alert;
    for (const [alert, msgType] of [
      [active, 'Alert'],
      [resolved, 'Cancel'],
    ] as const) {
      const res = await server.fetch(`/api/alerts/${alert.id}/cap`);
      expect(res.headers.get('content-type')).toBe('application/cap+xml; charset=utf-8');
      const xml = await res.text();
      expect(capSchemaErrors(xml)).toBeNull();
      expect(xml).toContain(`<msgType>${msgType}</msgType>`);
      expect(xml).toMatch(/<identifier>330383\d{8}_/);
      expect(xml).toMatch(/<polygon>27\.\d+,120\.\d+ /);
    }
    const feed = await server.fetch('/api/cap/feed');
    expect(feed.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const atom = await feed.text();
    expect(xmlWellFormedErrors(atom)).toBeNull();
    expect(atom).toContain(`/api/alerts/${active.id}/cap`);
    expect(atom).not.toContain(`/api/alerts/${resolved.id}/cap`);
  });

  it('sends screens an alert with its newest event ids only; the API has them all', async () => {
    const reports = Array.from({ length: 14 }, (_, i) => ({
      id: `rep-${i}`,
      source: 'hotline-12345',
      category: 'urban',
      subcategory: 'street-order',
      description: '占道经营',
      lon: 120.5601,
      lat: 27.5702,
    }));
    expect((await send('POST', '/api/events', reports)).status).toBe(202);
    const repeat = () => changes.filter((c) => c.alert.rule === 'repeat' && c.alert.count >= 12).at(-1);
    await waitFor(() => repeat() !== undefined, 'a repeat alert counting the reports');
    const onSocket = repeat()!.alert;
    const full = (await send('GET', `/api/alerts/${onSocket.id}`)).body.alert;
    expect(full.eventIds.length).toBe(full.count);
    expect(onSocket.eventIds).toHaveLength(SCREEN_EVENT_IDS);
    expect(onSocket.eventIds).toEqual(full.eventIds.slice(-SCREEN_EVENT_IDS));
  });

  it('raises from key-area sensor readings against capacity', async () => {
    const res = await send('POST', '/api/key-areas/K003/readings', { kind: 'crowd', value: 3000 });
    expect(res.status).toBe(202);
    await waitFor(() => changes.some((c) => c.alert.key === 'key-area:K003:crowd'), 'crowd alert');
    expect(changes.find((c) => c.alert.key === 'key-area:K003:crowd')!.alert.level).toBe('red');
    expect((await send('POST', '/api/key-areas/K999/readings', { kind: 'crowd', value: 1 })).status).toBe(
      404,
    );
  });

  it('lets admins tune rules; a bad config is refused with every problem named and the old one stays', async () => {
    const before = await send('GET', '/api/rules');
    expect(before.body.config.rules.surge.enabled).toBe(true);
    const off = await send('PATCH', '/api/rules/surge', { enabled: false });
    expect(off.status).toBe(200);
    expect(off.body.config.rules.surge.enabled).toBe(false);
    expect(off.body.file).toBe(path.join(server.config.dataDir, 'rules.json'));
    const bad = structuredClone(before.body.config);
    bad.rules.repeat.counts.red = 1;
    bad.rules.sla.colour = 'red';
    const refused = await send('PUT', '/api/rules', bad);
    expect(refused.status).toBe(400);
    expect(refused.body.problems).toEqual(
      expect.arrayContaining([{ field: '/rules/sla', message: 'unknown properties: colour' }]),
    );
    expect(refused.body.message).toContain('/rules/sla: unknown properties: colour');
    expect((await send('GET', '/api/rules')).body.config.rules.surge.enabled).toBe(false);
    // A broken file on disk: reload refuses it and keeps the config in force.
    fs.writeFileSync(path.join(server.config.dataDir, 'rules.json'), '{ "version": 1, ');
    const reload = await send('POST', '/api/rules/reload');
    expect(reload.status).toBe(400);
    expect(reload.body.message).toContain('not readable JSON');
    expect(server.app.ctx.alerting.engine.config.rules.surge.enabled).toBe(false);
    // A viewer may not read or change rules.
    expect((await send('GET', '/api/rules', undefined, server.tokens.wall)).status).toBe(403);
  });

  it('sends a compact screen the same snapshot and changes as columns', async () => {
    expect(changes.length).toBeGreaterThan(5);
    await waitFor(() => compactChanges.length >= changes.length, 'the compact socket catching up');
    expect(compactChanges).toEqual(changes);
    // A compact screen that says hello again starts from the same alerts as a JSON one.
    const [again, json] = await Promise.all([
      new Promise<AlertsSnapshot>((resolve) => {
        compact.once('alerts:snapshot-columns', (s) => resolve({ ...s, alerts: unpackRecords(s.alerts) }));
        compact.emit('sync:hello', { lastSeq: null, compact: true }, () => {});
      }),
      new Promise<AlertsSnapshot>((resolve) => {
        socket.once('alerts:snapshot', resolve);
        socket.emit('sync:hello', { lastSeq: null }, () => {});
      }),
    ]);
    expect(again.alerts.length).toBeGreaterThan(0);
    expect(again.alerts).toEqual(json.alerts);
    expect(again.seq).toBe(json.seq);
  });

  it('serves the risk score per micro-grid, in micro-grid order', async () => {
    const risk = await send('GET', '/api/risk');
    expect(risk.body.ids).toHaveLength(3229);
    expect(risk.body.scores).toHaveLength(3229);
    expect(risk.body.max).toBeGreaterThan(0);
  });
});
