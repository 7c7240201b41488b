import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';

/** GET /metrics in the Prometheus text format. */
export const metricsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/metrics',
    {
      schema: {
        tags: ['system'],
        summary:
          'Prometheus metrics: ingest by source, rejects by reason, batch sizes, commit latency, clients, event-loop lag',
        response: { 200: Type.String() },
      },
    },
    async (_req, reply) => {
      const { registry, clients } = app.ctx.metrics;
      clients.set(app.ctx.io.engine.clientsCount);
      return reply.type(registry.contentType).send(await registry.metrics());
    },
  );
};
