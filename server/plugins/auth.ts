import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Permission } from '../../shared/auth/permissions';
import type { AuthStore } from '../auth/auth-store';
import {
  ANONYMOUS,
  bearerOf,
  holds,
  type Principal,
  resolvePrincipal,
  SESSION_COOKIE,
} from '../auth/principal';
import { isGuardedUrl, ROUTE_PERMISSIONS } from '../auth/route-permissions';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
}

/** Open311 clients send their key as an `api_key` parameter (GeoReport v2); the query string carries it here. */
function open311Key(req: FastifyRequest): string | undefined {
  if (!req.url.startsWith('/open311/')) return undefined;
  const key = (req.query as Record<string, unknown> | undefined)?.api_key;
  return typeof key === 'string' ? key : undefined;
}

/** Who is asking, from the session cookie or a bearer token (see resolvePrincipal). */
export function principalOf(store: AuthStore, req: FastifyRequest, now: number): Principal | 'invalid' {
  return resolvePrincipal(
    store,
    { cookie: req.cookies?.[SESSION_COOKIE], bearer: bearerOf(req.headers.authorization) ?? open311Key(req) },
    now,
  );
}

/**
 * Enforces ROUTE_PERMISSIONS on every request: 401 when no valid credential, 403 when the principal
 * lacks the permission. Registering a guarded route without a table entry throws at start.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, opts: { store: AuthStore; now: () => number }) => {
    await app.register(fastifyCookie);
    // Fastify shares decorator values between requests, so the object is set per request below.
    app.decorateRequest('principal', null as never);
    app.addHook('onRequest', async (req) => {
      req.principal = ANONYMOUS;
    });
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) {
        if (method === 'HEAD' || !isGuardedUrl(route.url)) continue;
        if (!(`${method} ${route.url}` in ROUTE_PERMISSIONS)) {
          throw new Error(
            `route ${method} ${route.url} has no entry in ROUTE_PERMISSIONS (server/auth/route-permissions.ts)`,
          );
        }
      }
    });
    app.addHook('onRequest', async (req, reply) => {
      const url = req.routeOptions.url;
      if (!url || !isGuardedUrl(url)) return;
      const method = req.method === 'HEAD' ? 'GET' : req.method;
      const permission = ROUTE_PERMISSIONS[`${method} ${url}`];
      const principal = principalOf(opts.store, req, opts.now());
      if (principal === 'invalid') {
        return reply.code(401).send({
          statusCode: 401,
          error: 'Unauthorized',
          message: 'the session or token is invalid, expired or revoked',
        });
      }
      req.principal = principal;
      if (permission === 'public' || permission === undefined) return;
      if (principal.kind === 'anonymous') {
        return reply
          .code(401)
          .send({ statusCode: 401, error: 'Unauthorized', message: 'sign in or send a token' });
      }
      if (!holds(principal, permission as Permission)) {
        return reply
          .code(403)
          .send({ statusCode: 403, error: 'Forbidden', message: `needs the ${permission} permission` });
      }
    });
  },
  { name: 'auth' },
);
