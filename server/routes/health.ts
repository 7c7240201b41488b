import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { VERSION } from '../version';

const HealthSchema = Type.Object({
  status: Type.Literal('ok'),
  version: Type.String(),
  seq: Type.Integer({ description: 'The last committed change' }),
  uptimeS: Type.Number(),
  clients: Type.Integer({ description: 'Connected Socket.IO clients' }),
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
    }),
  );
};
