import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  TrafficObservationSchema,
  TrafficRollupSchema,
  TrafficStateSchema,
} from '../../shared/schemas/traffic';
import { MAX_OBSERVATIONS, TrafficIngestError } from '../traffic/traffic-ingest';
import { HISTORY_MS } from '../traffic/traffic-pool';
import { ProblemSchema } from './problem';

const AnyJson = Type.Object({}, { additionalProperties: true });

/** The traffic data pool over HTTP: readings in, state, network and history out. */
export const trafficRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/traffic/observations',
    {
      schema: {
        tags: ['traffic'],
        summary: `Report speed and parking readings (one or up to ${MAX_OBSERVATIONS})`,
        description:
          'A speed reading names `segmentId`, a parking reading `lotId`. Checked like events: a batch with any bad ' +
          'item is rejected whole, naming each item and field. A reading older than the one held is ignored.',
        body: Type.Union([TrafficObservationSchema, Type.Array(TrafficObservationSchema)]),
        response: { 202: Type.Object({ applied: Type.Integer() }), 400: ProblemSchema },
      },
      // Checked item by item below so that a 400 names each bad item; the schema above documents it.
      validatorCompiler: () => (value) => ({ value }),
    },
    async (req, reply) => {
      const body: unknown = req.body;
      try {
        const result = app.ctx.traffic.ingestTrafficObservations(Array.isArray(body) ? body : [body]);
        return reply.code(202).send(result);
      } catch (err) {
        if (!(err instanceof TrafficIngestError)) throw err;
        return reply
          .code(400)
          .send({ statusCode: 400, error: 'Bad Request', message: err.message, problems: err.problems });
      }
    },
  );

  app.get(
    '/api/traffic/state',
    {
      schema: {
        tags: ['traffic'],
        summary: 'Traffic now as JSON: TPI, parking totals, every segment and lot (stale ones null)',
        description: 'The same state walls receive as binary `traffic:update` frames over Socket.IO.',
        response: { 200: TrafficStateSchema },
      },
    },
    async () => app.ctx.traffic.stateJson(),
  );

  app.get(
    '/api/traffic/network',
    {
      schema: {
        tags: ['traffic'],
        summary: 'Road segments and parking lots in frame order, with the layout hash frames carry',
        response: { 200: AnyJson },
      },
    },
    async (_req, reply) => {
      const { dataset, traffic } = app.ctx;
      return reply.header('cache-control', 'public, max-age=3600').send({
        layout: traffic.state.layout,
        staleMs: traffic.state.staleMs,
        districts: dataset.city.districts,
        roads: dataset.roads,
        parking: dataset.parking,
      });
    },
  );

  app.get(
    '/api/traffic/history',
    {
      schema: {
        tags: ['traffic'],
        summary: `TPI and parking of the city or a district over time (the last ${HISTORY_MS / 86_400_000 - 1} days and the day before)`,
        description:
          'Buckets of 1 or 15 minutes (default: 1 for ranges up to 6 hours, else 15). `from` older than the kept ' +
          'history is moved up to it; the answer says the range it covers.',
        querystring: Type.Object(
          {
            scope: Type.String({ pattern: '^(city|district:[A-Za-z0-9]{1,32})$', default: 'city' }),
            // Strings: the app does not coerce types, and a query string is text.
            from: Type.String({ pattern: '^[0-9]{1,15}$', description: 'epoch ms' }),
            to: Type.String({ pattern: '^[0-9]{1,15}$', description: 'epoch ms' }),
            resolution: Type.Optional(Type.Enum(['1', '15'], { description: 'minutes per bucket' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            scope: Type.String(),
            resolution: Type.Integer(),
            from: Type.Integer(),
            to: Type.Integer(),
            points: Type.Array(TrafficRollupSchema),
          }),
          400: ProblemSchema,
        },
      },
    },
    async (req, reply) => {
      const { scope } = req.query;
      const from = Number(req.query.from);
      const to = Number(req.query.to);
      if (to < from)
        return reply
          .code(400)
          .send({ statusCode: 400, error: 'Bad Request', message: '`to` is before `from`' });
      const resolution = req.query.resolution
        ? (Number(req.query.resolution) as 1 | 15)
        : to - from <= 6 * 3_600_000
          ? 1
          : 15;
      const { from: start, points } = app.ctx.traffic.history(scope, from, to, resolution);
      return { scope, resolution, from: start, to, points };
    },
  );
};
