import { afterAll, describe, expect, it } from 'vitest';
import { hotlineReport } from '../../fixtures/reports';
import type { ServerProcess } from '../../helpers/server-process';
import { servicesAvailable } from '../../helpers/services';
import { connectClient } from '../../helpers/test-server';
import { Cluster } from './cluster';

const up = await servicesAvailable('the scale-out tests (shared accounts)', ['postgres', 'redis']);

const json = { 'content-type': 'application/json' };

/** Connects a socket with `token` and says `sync:hello`: the ack, or the handshake's refusal. */
async function socketHello(server: ServerProcess, token: string): Promise<string> {
  const socket = connectClient(server.url, token);
  try {
    return await new Promise<string>((resolve) => {
      socket.on('connect_error', (err) => resolve(`refused: ${err.message}`));
      socket.on('connect', () =>
        socket.emit('sync:hello', { lastSeq: null }, (ack: { ok: boolean }) =>
          resolve(ack.ok ? 'ok' : `not ok: ${JSON.stringify(ack)}`),
        ),
      );
    });
  } finally {
    socket.close();
  }
}

const statusOf = async (server: ServerProcess, path: string, token: string) => {
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  await res.arrayBuffer();
  return res.status;
};

describe.runIf(up)('accounts shared by several instances', () => {
  const cluster = new Cluster();
  afterAll(() => cluster.stop());

  it('bootstraps once; a session, token or key made on one instance works on all; a revocation holds on all; one audit chain', async () => {
    const servers = await cluster.start(3);
    const [a, b, c] = servers as [ServerProcess, ServerProcess, ServerProcess];
    // One instance made the admin (and printed its password); every instance signed in with it.
    const made = servers.filter((s) => /First start: user "admin"/.test(s.output()));
    expect(made).toHaveLength(1);
    for (const s of servers) expect(s.token).toMatch(/^ses_/);

    // Sign in on A; the session cookie works on B over HTTP and on the socket.
    const login = await fetch(`${a.url}/api/auth/login`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ username: 'admin', password: cluster.adminPassword() }),
    });
    expect(login.status).toBe(200);
    await login.arrayBuffer();
    const session = /cb_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')![1]!;
    const me = await fetch(`${b.url}/api/auth/me`, { headers: { cookie: `cb_session=${session}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ kind: 'user', role: 'admin' });
    expect(await socketHello(b, session)).toBe('ok');
    expect(await socketHello(c, session)).toBe('ok');

    // A user created on B signs in on C.
    const created = await b.fetch('/api/users', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ username: 'li.wei', password: 'a-long-enough-password-1', role: 'operator' }),
    });
    expect(created.status).toBe(201);
    await created.arrayBuffer();
    const liLogin = await fetch(`${c.url}/api/auth/login`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ username: 'li.wei', password: 'a-long-enough-password-1' }),
    });
    expect(liLogin.status).toBe(200);
    await liLogin.arrayBuffer();

    // A display token made on A shows the wall on every instance until it is revoked on B.
    const wall = await (
      await a.fetch('/api/display-tokens', {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ name: 'hall-9' }),
      })
    ).json();
    for (const s of servers) {
      expect(await statusOf(s, '/api/city', wall.token), s.url).toBe(200);
      expect(await socketHello(s, wall.token), s.url).toBe('ok');
    }
    const revoke = await b.fetch(`/api/display-tokens/${wall.id}/revoke`, { method: 'POST' });
    expect(revoke.status).toBe(204);
    await revoke.arrayBuffer();
    for (const s of servers) {
      expect(await statusOf(s, '/api/city', wall.token), s.url).toBe(401);
      expect(await socketHello(s, wall.token), s.url).toMatch(/^refused: .*revoked/);
    }

    // An ingest key made on C posts on A; revoked on A, it is refused on B and C too.
    const key = await (
      await c.fetch('/api/api-keys', {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ name: 'hotline', permissions: ['events:ingest'] }),
      })
    ).json();
    const ingest = async (s: ServerProcess, id: string) => {
      const res = await fetch(`${s.url}/api/events`, {
        method: 'POST',
        headers: { ...json, authorization: `Bearer ${key.token}` },
        body: JSON.stringify(hotlineReport(id)),
      });
      await res.arrayBuffer();
      return res.status;
    };
    expect(await ingest(a, 'acc-1')).toBe(202);
    const revokeKey = await a.fetch(`/api/api-keys/${key.id}/revoke`, { method: 'POST' });
    expect(revokeKey.status).toBe(204);
    await revokeKey.arrayBuffer();
    for (const s of servers) expect(await ingest(s, `acc-2-${s.url}`), s.url).toBe(401);

    // Signing out on C ends the session everywhere.
    const out = await fetch(`${c.url}/api/auth/logout`, {
      method: 'POST',
      headers: { cookie: `cb_session=${session}` },
    });
    await out.arrayBuffer();
    for (const s of servers) {
      const res = await fetch(`${s.url}/api/auth/me`, { headers: { cookie: `cb_session=${session}` } });
      await res.arrayBuffer();
      expect(res.status, s.url).toBe(401);
    }
    expect(await socketHello(a, session)).toMatch(/^refused/);

    // One audit chain, written by all three, verifies on each; every instance reads every entry.
    for (const s of servers) {
      const verify = await (await s.fetch('/api/audit/verify')).json();
      expect(verify, s.url).toMatchObject({ intact: true });
    }
    const entries = (await (await a.fetch('/api/audit?limit=200')).json()) as { action: string }[];
    const actions = new Set(entries.map((e) => e.action));
    for (const action of [
      'user:create',
      'display-token:create',
      'display-token:revoke',
      'api-key:create',
      'api-key:revoke',
    ])
      expect(actions, action).toContain(action);
  }, 120_000);

  it('shares the duty roster: imported on one instance, on duty on every instance', async () => {
    const [a, b, c] = cluster.servers as [ServerProcess, ServerProcess, ServerProcess];
    // City time (Asia/Shanghai, no daylight saving) as the CSV wants it: "2025-01-15 08:00".
    const local = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
    const now = Date.now();
    const h = 3_600_000;
    const csv = [
      'scope,role,name,phone,start,end',
      `city,leader,陈建国,13812345678,${local(now - 2 * h)},${local(now + 6 * h)}`,
      `D01,officer,王伟,13900001111,${local(now - h)},${local(now + h)}`,
    ].join('\n');
    const imported = await b.fetch('/api/roster/import', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: csv,
    });
    expect(imported.status).toBe(200);
    expect(await imported.json()).toMatchObject({ imported: 2 });
    for (const s of [a, c]) {
      const current = await (await s.fetch('/api/roster/current')).json();
      expect(current.onDuty.map((e: { name: string }) => e.name).sort(), s.url).toEqual(
        ['王伟', '陈建国'].sort(),
      );
    }
  }, 60_000);
});
