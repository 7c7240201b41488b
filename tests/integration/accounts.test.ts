import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hotlineReport } from '../fixtures/reports';
import {
  adminPasswordOf,
  connectClient,
  signIn,
  startTestServer,
  type TestServer,
} from '../helpers/test-server';

const json = { 'content-type': 'application/json' };
const report = (id: string, patch: Record<string, unknown> = {}) =>
  hotlineReport(id, {
    description: '占道经营',
    reporter: { name: '王小明', phone: '13900001111' },
    ...patch,
  });

describe('accounts, tokens, masking and audit', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ SIM: 'off' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('starts with no default password: a random admin password in a 0600 file, and a wall token', () => {
    const file = path.join(server.config.dataDir, 'admin-password.txt');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(adminPasswordOf(server.config.dataDir)).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(fs.statSync(path.join(server.config.dataDir, 'wall-token.txt')).mode & 0o777).toBe(0o600);
    expect(server.tokens.wall).toMatch(/^dsp_/);
  });

  it('signs in with an httpOnly, SameSite=Strict cookie, and signs out for good', async () => {
    const res = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ username: 'admin', password: adminPasswordOf(server.config.dataDir) }),
    });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Max-Age=43200/);
    const session = /cb_session=([^;]+)/.exec(cookie)![1]!;
    const me = await fetch(`${server.url}/api/auth/me`, { headers: { cookie: `cb_session=${session}` } });
    expect(await me.json()).toMatchObject({ kind: 'user', role: 'admin' });
    await fetch(`${server.url}/api/auth/logout`, {
      method: 'POST',
      headers: { cookie: `cb_session=${session}` },
    });
    const after = await fetch(`${server.url}/api/users`, { headers: { cookie: `cb_session=${session}` } });
    expect(after.status).toBe(401);
  });

  it('refuses a wrong password with one message for both wrong user and wrong password, and audits it', async () => {
    for (const body of [
      { username: 'admin', password: 'nope' },
      { username: 'nobody', password: 'nope' },
    ]) {
      const res = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(401);
      expect((await res.json()).message).toBe('wrong user name or password');
    }
    const audit = await (await server.fetch('/api/audit?limit=10')).json();
    expect(audit.filter((e: any) => e.action === 'auth:login-failed').length).toBeGreaterThanOrEqual(2);
  });

  it('revokes a display token: its HTTP calls and its sockets are refused from then on', async () => {
    const created = await (
      await server.fetch('/api/display-tokens', {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ name: 'hall-2' }),
      })
    ).json();
    const token = created.token as string;
    expect(
      (await fetch(`${server.url}/api/city`, { headers: { authorization: `Bearer ${token}` } })).status,
    ).toBe(200);
    expect((await server.fetch(`/api/display-tokens/${created.id}/revoke`, { method: 'POST' })).status).toBe(
      204,
    );
    expect(
      (await fetch(`${server.url}/api/city`, { headers: { authorization: `Bearer ${token}` } })).status,
    ).toBe(401);
    const socket = connectClient(server.url, token);
    const error = await new Promise<Error>((resolve) => socket.on('connect_error', resolve));
    socket.close();
    expect(error.message).toContain('revoked');
  });

  it('limits an API key to its sources and categories', async () => {
    const key = await (
      await server.fetch('/api/api-keys', {
        method: 'POST',
        headers: json,
        body: JSON.stringify({
          name: 'hotline',
          permissions: ['events:ingest'],
          sources: ['hotline-12345'],
          categories: ['urban'],
        }),
      })
    ).json();
    const post = (body: unknown) =>
      fetch(`${server.url}/api/events`, {
        method: 'POST',
        headers: { ...json, authorization: `Bearer ${key.token}` },
        body: JSON.stringify(body),
      });
    expect((await post(report('k-1'))).status).toBe(202);
    const wrong = await post([
      report('k-2', { source: 'sensor' }),
      report('k-3', { category: 'safety', subcategory: 'fire-hazard' }),
    ]);
    expect(wrong.status).toBe(403);
    expect((await wrong.json()).problems).toEqual([
      { index: 0, field: '/source', message: 'API key "hotline" may not report as sensor' },
      { index: 1, field: '/category', message: 'API key "hotline" may not report safety' },
    ]);
    // A source key cannot read the picture.
    expect(
      (await fetch(`${server.url}/api/city`, { headers: { authorization: `Bearer ${key.token}` } })).status,
    ).toBe(403);
  });

  it('masks reporters for viewers and on walls, shows them to supervisors, and audits every full view', async () => {
    await server.fetch('/api/events', { method: 'POST', headers: json, body: JSON.stringify(report('p-1')) });
    const asWall = await (
      await fetch(`${server.url}/api/events/p-1`, {
        headers: { authorization: `Bearer ${server.tokens.wall}` },
      })
    ).json();
    expect(asWall.event.reporter).toEqual({ name: '王**', phone: '139****1111' });
    const asAdmin = await (await server.fetch('/api/events/p-1')).json();
    expect(asAdmin.event.reporter).toEqual({ name: '王小明', phone: '13900001111' });
    const audit = await (await server.fetch('/api/audit?limit=20')).json();
    expect(audit.some((e: any) => e.action === 'personal:read' && e.target === 'event:p-1')).toBe(true);

    const wall = connectClient(server.url, server.tokens.wall);
    const snapshot = await new Promise<any>((resolve) => {
      wall.on('sync:snapshot', resolve);
      wall.emit('sync:hello', { lastSeq: null }, () => {});
    });
    wall.close();
    expect(snapshot.events.find((e: any) => e.id === 'p-1').reporter).toEqual({
      name: '王**',
      phone: '139****1111',
    });
  });

  it('keeps a tamper-evident audit log: changing one entry breaks the chain at that entry', async () => {
    expect(await (await server.fetch('/api/audit/verify')).json()).toEqual({
      intact: true,
      firstBrokenId: null,
    });
    const db = new Database(path.join(server.config.dataDir, 'auth.sqlite'));
    const victim = db
      .prepare('SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 1')
      .pluck()
      .get() as number;
    db.prepare("UPDATE audit_log SET actor = 'someone-else' WHERE id = ?").run(victim);
    db.close();
    expect(await (await server.fetch('/api/audit/verify')).json()).toEqual({
      intact: false,
      firstBrokenId: victim,
    });
    const cli = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'server/cli/audit-verify.ts', '--data-dir', server.config.dataDir],
      { encoding: 'utf8' },
    );
    expect(cli.status).toBe(1);
    expect(cli.stderr).toContain(`BROKEN at entry #${victim}`);
  });

  it('lets a per-district operator act only in that district', async () => {
    await server.fetch('/api/users', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({
        username: 'd9-officer',
        password: 'district-nine-pass',
        role: 'operator',
        district: 'D09',
      }),
    });
    const token = await signIn(server.url, 'd9-officer', 'district-nine-pass');
    const event = await (await server.fetch('/api/events/p-1')).json();
    expect(event.event.grid.district).not.toBe('D09');
    const res = await fetch(`${server.url}/api/events/p-1/actions`, {
      method: 'POST',
      headers: { ...json, authorization: `Bearer ${token}` },
      body: JSON.stringify({ action: 'accept' }),
    });
    expect(res.status).toBe(403);
    expect((await res.json()).message).toContain('outside your district (D09)');
  });
  it('limits sign-in attempts', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ username: 'admin', password: 'guess' }),
      });
      statuses.push(res.status);
    }
    expect(statuses).toContain(429);
  });
});
