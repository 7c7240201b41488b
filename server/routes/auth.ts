import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { PERMISSIONS, ROLES } from '../../shared/auth/permissions';
import type { AuthStore } from '../auth/auth-store';
import { actorOf, holds, SESSION_COOKIE } from '../auth/principal';
import { hashPassword, hashToken, newToken, verifyPassword } from '../auth/secrets';
import { ProblemSchema } from './problem';

/** How long a sign-in lasts: a 12-hour shift. */
export const SESSION_MS = 12 * 3_600_000;

const Username = Type.String({ minLength: 2, maxLength: 32, pattern: '^[a-z0-9][a-z0-9._-]*$' });
const UserSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  role: Type.Enum(ROLES),
  district: Type.Union([Type.String(), Type.Null()]),
  disabled: Type.Boolean(),
});
const Scope = Type.String({ pattern: '^(city|district:[A-Za-z0-9]{1,32}|community:[A-Za-z0-9]{1,32})$' });
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const Strict = { additionalProperties: false } as const;

/** Sign-in, sign-out, and the admin's users, display tokens, API keys and audit log. */
export const authRoutes: FastifyPluginAsyncTypebox<{ store: AuthStore }> = async (app, { store }) => {
  const now = () => Date.now();
  const audit = (actor: string, action: string, target: string, detail: Record<string, unknown> = {}) =>
    store.audit({ at: now(), actor, action, target, detail });

  app.post(
    '/api/auth/login',
    {
      config: { rateLimit: { max: 10, timeWindow: 60_000 } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in; sets an httpOnly, SameSite=Strict session cookie valid for one shift (12 h)',
        body: Type.Object(
          { username: Type.String({ maxLength: 64 }), password: Type.String({ maxLength: 256 }) },
          Strict,
        ),
        response: { 200: Type.Object({ user: UserSchema, expiresAt: Type.Number() }), 401: ProblemSchema },
      },
    },
    async (req, reply) => {
      const user = store.userWithHash(req.body.username);
      const ok =
        user !== null && !user.disabled && (await verifyPassword(req.body.password, user.passwordHash));
      if (!user || !ok) {
        audit(`login:${req.body.username.slice(0, 64)}`, 'auth:login-failed', req.ip);
        return reply
          .code(401)
          .send({ statusCode: 401, error: 'Unauthorized', message: 'wrong user name or password' });
      }
      const token = newToken('ses');
      const expiresAt = now() + SESSION_MS;
      store.createSession(hashToken(token), user.id, now(), expiresAt);
      audit(`user:${user.username}`, 'auth:login', req.ip);
      const { passwordHash: _, ...visible } = user;
      reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'strict',
        path: '/',
        maxAge: SESSION_MS / 1000,
      });
      return { user: visible, expiresAt };
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: { tags: ['auth'], summary: 'Sign out (ends the session)' } },
    async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) store.deleteSession(hashToken(token));
      if (req.principal.kind === 'user') audit(actorOf(req.principal), 'auth:logout', req.ip);
      return reply.clearCookie(SESSION_COOKIE, { path: '/' }).code(204).send();
    },
  );

  app.get(
    '/api/auth/me',
    { schema: { tags: ['auth'], summary: 'Who the current credential belongs to, and what it may do' } },
    async (req) => {
      const p = req.principal;
      return {
        kind: p.kind,
        name: actorOf(p),
        role: p.role,
        permissions: PERMISSIONS.filter((perm) => holds(p, perm)),
      };
    },
  );

  app.get(
    '/api/users',
    { schema: { tags: ['admin'], response: { 200: Type.Array(UserSchema) } } },
    async () => store.listUsers(),
  );
  app.post(
    '/api/users',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create a user',
        body: Type.Object(
          {
            username: Username,
            password: Type.String({ minLength: 12, maxLength: 256 }),
            role: Type.Enum(ROLES),
            district: Type.Optional(Type.String({ maxLength: 32 })),
          },
          Strict,
        ),
        response: { 201: UserSchema, 409: ProblemSchema },
      },
    },
    async (req, reply) => {
      if (store.userWithHash(req.body.username)) {
        return reply
          .code(409)
          .send({ statusCode: 409, error: 'Conflict', message: `user "${req.body.username}" exists` });
      }
      const user = store.createUser(
        {
          username: req.body.username,
          passwordHash: await hashPassword(req.body.password),
          role: req.body.role,
          district: req.body.district ?? null,
        },
        now(),
      );
      audit(actorOf(req.principal), 'user:create', `user:${user.username}`, { role: user.role });
      return reply.code(201).send(user);
    },
  );
  app.post(
    '/api/users/:id/disable',
    { schema: { tags: ['admin'], params: IdParams } },
    async (req, reply) => {
      if (!store.setUserDisabled(req.params.id, true))
        return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: 'no such user' });
      audit(actorOf(req.principal), 'user:disable', `user#${req.params.id}`);
      return reply.code(204).send();
    },
  );

  app.get('/api/display-tokens', { schema: { tags: ['admin'] } }, async () => store.listDisplayTokens());
  app.post(
    '/api/display-tokens',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create a display token for a wall screen (read-only, never expires, revocable); shown once',
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 64 }), scope: Type.Optional(Scope) },
          Strict,
        ),
      },
    },
    async (req, reply) => {
      const token = newToken('dsp');
      const created = store.createDisplayToken(
        req.body.name,
        hashToken(token),
        req.body.scope ?? 'city',
        now(),
      );
      audit(actorOf(req.principal), 'display-token:create', `display:${created.name}`);
      return reply.code(201).send({ ...created, token });
    },
  );
  app.post(
    '/api/display-tokens/:id/revoke',
    { schema: { tags: ['admin'], params: IdParams } },
    async (req, reply) => {
      if (!store.revokeDisplayToken(req.params.id, now()))
        return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: 'no such active token' });
      audit(actorOf(req.principal), 'display-token:revoke', `display#${req.params.id}`);
      return reply.code(204).send();
    },
  );

  app.get('/api/api-keys', { schema: { tags: ['admin'] } }, async () => store.listApiKeys());
  app.post(
    '/api/api-keys',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create an API key for a machine source or a metrics scraper; shown once',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 64 }),
            permissions: Type.Array(Type.Enum(['events:ingest', 'metrics:read'] as const), {
              minItems: 1,
              uniqueItems: true,
            }),
            sources: Type.Optional(Type.Array(Type.String({ maxLength: 32 }), { maxItems: 16 })),
            categories: Type.Optional(Type.Array(Type.String({ maxLength: 32 }), { maxItems: 32 })),
          },
          Strict,
        ),
      },
    },
    async (req, reply) => {
      const token = newToken('key');
      const key = store.createApiKey(
        {
          name: req.body.name,
          permissions: req.body.permissions,
          sources: req.body.sources ?? [],
          categories: req.body.categories ?? [],
        },
        hashToken(token),
        now(),
      );
      audit(actorOf(req.principal), 'api-key:create', `apikey:${key.name}`, { permissions: key.permissions });
      return reply.code(201).send({ ...key, token });
    },
  );
  app.post(
    '/api/api-keys/:id/revoke',
    { schema: { tags: ['admin'], params: IdParams } },
    async (req, reply) => {
      if (!store.revokeApiKey(req.params.id, now()))
        return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: 'no such active key' });
      audit(actorOf(req.principal), 'api-key:revoke', `apikey#${req.params.id}`);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['admin'],
        querystring: Type.Object(
          { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) },
          Strict,
        ),
      },
    },
    async (req) => store.auditEntries(req.query.limit ?? 100),
  );
  app.get(
    '/api/audit/verify',
    { schema: { tags: ['admin'], summary: 'Recompute the audit hash chain' } },
    async () => {
      const broken = store.verifyAudit();
      return { intact: broken === null, firstBrokenId: broken };
    },
  );
};
