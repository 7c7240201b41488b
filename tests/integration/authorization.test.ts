import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_PERMISSIONS, SOCKET_PERMISSIONS } from '../../server/auth/route-permissions';
import { authPlugin } from '../../server/plugins/auth';
import { ACTION_PERMISSION } from '../../shared/auth/action-permissions';
import { can, type Permission, ROLES, type Role } from '../../shared/auth/permissions';
import { WORKFLOW_ACTIONS } from '../../shared/domain/workflow';
import { connectClient, signIn, startTestServer, type TestServer } from '../helpers/test-server';

type Who = 'anonymous' | Role;
const EVERYONE: Who[] = ['anonymous', ...ROLES];

describe('the authorization matrix, walked from the table itself', () => {
  let server: TestServer;
  const tokens = {} as Record<Role, string>;

  beforeAll(async () => {
    server = await startTestServer({ SIM: 'off' });
    tokens.viewer = server.tokens.wall;
    for (const role of ['operator', 'supervisor'] as const) {
      const res = await server.fetch('/api/users', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: role, password: `${role}-password-long`, role }),
      });
      expect(res.status).toBe(201);
      tokens[role] = await signIn(server.url, role, `${role}-password-long`);
    }
    tokens.admin = server.tokens.admin;
  });
  afterAll(async () => {
    await server?.close();
  });

  const routes = Object.entries(ROUTE_PERMISSIONS).filter(([route]) => !route.includes('*'));

  it('names only routes that exist, and the server refuses to start with a guarded route missing', async () => {
    for (const [route] of routes) {
      const [method, url] = route.split(' ') as [string, string];
      expect(server.app.hasRoute({ method: method as 'GET', url }), route).toBe(true);
    }
    const probe = Fastify();
    await probe.register(authPlugin, { store: server.app.ctx.auth, now: () => Date.now() });
    await expect(
      probe.register(async (app) => {
        app.get('/api/forgotten', async () => 'secret');
      }),
    ).rejects.toThrow('route GET /api/forgotten has no entry in ROUTE_PERMISSIONS');
    await probe.close();
  });

  for (const who of EVERYONE) {
    it(`answers ${who} on every route exactly as the table says`, async () => {
      for (const [route, permission] of routes) {
        const [method, url] = route.split(' ') as [string, string];
        // An id that names nothing: the check is who may ask, not what happens to an existing record.
        const path = url.replace(/:[a-z_]+/g, '999999');
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (who !== 'anonymous') headers.authorization = `Bearer ${tokens[who]}`;
        const res = await fetch(`${server.url}${path}`, {
          method,
          headers,
          body: method === 'GET' ? undefined : '{}',
        });
        // Read every body: a compressed response left unread keeps its connection busy, and the server's
        // graceful close waits for busy connections.
        await res.arrayBuffer();
        const expected =
          permission === 'public'
            ? 'allowed'
            : who === 'anonymous'
              ? 401
              : can(who, permission as Permission)
                ? 'allowed'
                : 403;
        if (expected === 'allowed')
          expect([401, 403], `${who} ${route} → ${res.status}`).not.toContain(res.status);
        else expect(res.status, `${who} ${route}`).toBe(expected);
      }
    });
  }

  it('refuses sockets without a valid credential at the handshake', async () => {
    for (const token of [undefined, 'dsp_not-a-token', 'garbage']) {
      const socket = connectClient(server.url, token);
      const error = await new Promise<Error>((resolve) => socket.on('connect_error', resolve));
      socket.close();
      expect(error.message).toMatch(/^unauthorized/);
    }
  });

  for (const who of ROLES) {
    it(`answers ${who} on every socket event exactly as the table says`, async () => {
      const socket = connectClient(server.url, tokens[who]);
      const events: [string, Permission][] = [
        ...Object.entries(SOCKET_PERMISSIONS),
        ...WORKFLOW_ACTIONS.map((a) => [`event:${a}`, ACTION_PERMISSION[a]] as [string, Permission]),
      ];
      for (const [name, permission] of events) {
        const ack = (await socket
          .timeout(5000)
          .emitWithAck(name as 'sync:hello', { id: 'none', lastSeq: null } as never)) as {
          ok: boolean;
          error?: { code: string };
        };
        if (can(who, permission)) expect(ack.error?.code, `${who} ${name}`).not.toBe('forbidden');
        else expect(ack.error?.code, `${who} ${name}`).toBe('forbidden');
      }
      socket.close();
    });
  }
});

describe('Socket.IO origin check', () => {
  it('refuses a handshake from a page on another origin, even with a valid credential', async () => {
    const server = await startTestServer({ SIM: 'off' });
    try {
      const { io } = await import('socket.io-client');
      const foreign = io(server.url, {
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        auth: { token: server.tokens.admin },
        extraHeaders: { origin: 'http://evil.example' },
      });
      const error = await new Promise<Error>((resolve) => foreign.on('connect_error', resolve));
      foreign.close();
      expect(error.message).toMatch(/websocket error|Forbidden|403/i);
      const own = io(server.url, {
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        auth: { token: server.tokens.admin },
        extraHeaders: { origin: server.url },
      });
      await new Promise<void>((resolve, reject) => {
        own.on('connect', resolve);
        own.on('connect_error', reject);
      });
      own.close();
    } finally {
      await server.close();
    }
  });
});
