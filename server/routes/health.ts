import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { VERSION } from '../version';

const HealthSchema = Type.Object({
  status: Type.Literal('ok'),
  version: Type.String(),
  seq: Type.Integer({ description: 'The last committed change' }),
  uptimeS: Type.Number(),
  clients: Type.Integer({ description: 'Connected Socket.IO clients' }),
  cluster: Type.Optional(
    Type.Object(
      {
        leader: Type.Boolean({ description: 'This instance runs the rules engine and simulator' }),
        postgres: Type.Boolean({ description: 'The change feed is connected to PostgreSQL' }),
        redis: Type.Union([Type.Boolean(), Type.Null()], {
          description: 'Connected to Redis (null: not used)',
        }),
      },
      { description: 'Only with DATABASE_URL: how this instance stands with the shared services' },
    ),
  ),
});

/** GET /api/health: liveness plus the figures an operator checks first. */
export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Liveness and live-stream position',
        response: { 200: HealthSchema },
      },
    },
    async () => ({
      status: 'ok' as const,
      version: VERSION,
      seq: app.ctx.hub.lastPublishedSeq,
      uptimeS: Math.round((Date.now() - app.ctx.startedAt) / 100) / 10,
      clients: app.ctx.io.engine.clientsCount,
      ...(app.ctx.scale ? { cluster: app.ctx.scale.status() } : {}),
    }),
  );
};
