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
      const { registry, clients, mqttMessages } = app.ctx.metrics;
      clients.set(app.ctx.io.engine.clientsCount);
      const mqtt = app.ctx.mqtt?.counters;
      if (mqtt) {
        mqttMessages.set({ outcome: 'received' }, mqtt.received);
        mqttMessages.set({ outcome: 'accepted' }, mqtt.accepted);
        mqttMessages.set({ outcome: 'duplicate' }, mqtt.duplicates);
        mqttMessages.set({ outcome: 'failed' }, mqtt.failed);
        for (const [reason, n] of Object.entries(mqtt.rejected))
          mqttMessages.set({ outcome: `rejected:${reason}` }, n);
      }
      return reply.type(registry.contentType).send(await registry.metrics());
    },
  );
};
