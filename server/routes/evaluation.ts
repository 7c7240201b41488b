import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { evaluate, REPEAT_WINDOW_MS } from '../../shared/domain/evaluation';
import { evaluationCsv } from '../../shared/domain/evaluation-csv';
import { addDays, cityDate, parseCityTime } from '../../shared/util/city-day';
import { ProblemSchema } from './problem';

/** Longest period one evaluation may cover (with its previous period, two years of events). */
const MAX_DAYS = 366;
/** Most events read for one evaluation: a year and a half at the simulator's default rate. */
const EVENT_LIMIT = 2_000_000;
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'A city-local date, YYYY-MM-DD' });
const Rate = Type.Union([Type.Number(), Type.Null()]);

const RowSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  events: Type.Integer(),
  cancelled: Type.Integer(),
  closed: Type.Integer(),
  closureRate: Rate,
  onTimeRate: Rate,
  avgHandlingHours: Rate,
  overdue: Type.Integer(),
  repeats: Type.Integer(),
  alerts: Type.Integer(),
  alertResponseMinutes: Rate,
  score: Rate,
  rank: Type.Union([Type.Integer(), Type.Null()]),
  previous: Type.Object({
    events: Type.Integer(),
    score: Rate,
    rank: Type.Union([Type.Integer(), Type.Null()]),
  }),
  trend: Rate,
});

/**
 * District and community evaluation (考核) for a period of city-local days, ranked, with the trend
 * against the previous period of the same length; JSON or CSV (`format=csv`).
 */
export const evaluationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/evaluation',
    {
      schema: {
        tags: ['duty'],
        summary: 'District or community evaluation for a period: figures, score, rank and trend',
        description:
          '`from` and `to` are city-local dates, both included (default: the last 7 days to today). ' +
          'Score = 40 % closure rate + 40 % on-time rate + 20 % share not overdue (shared/domain/evaluation.ts).',
        querystring: Type.Object(
          {
            level: Type.Enum(['district', 'community'], { default: 'district' }),
            from: Type.Optional(Day),
            to: Type.Optional(Day),
            format: Type.Enum(['json', 'csv'], { default: 'json' }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            level: Type.Enum(['district', 'community']),
            timezone: Type.String(),
            fromDate: Type.String(),
            toDate: Type.String(),
            from: Type.Number(),
            to: Type.Number(),
            previousFrom: Type.Number(),
            at: Type.Number(),
            rows: Type.Array(RowSchema),
          }),
          400: ProblemSchema,
        },
      },
    },
    async (req, reply) => {
      const { level, format } = req.query;
      const at = app.ctx.clock.now();
      const timezone = app.ctx.dataset.city.timezone;
      const toDate = req.query.to ?? cityDate(at, timezone);
      const fromDate = req.query.from ?? addDays(toDate, -6);
      const from = parseCityTime(fromDate, timezone);
      const toStart = parseCityTime(toDate, timezone);
      const to = parseCityTime(addDays(toDate, 1), timezone);
      const bad = (message: string) =>
        reply.code(400).send({ statusCode: 400, error: 'Bad Request', message });
      if (from === null || toStart === null || to === null)
        return bad('from and to must be real dates (YYYY-MM-DD)');
      if (from > toStart) return bad(`from (${fromDate}) is after to (${toDate})`);
      if (to - from > MAX_DAYS * 86_400_000) return bad(`a period may cover at most ${MAX_DAYS} days`);
      const previousFrom = from - (to - from);
      const [events, alerts] = await Promise.all([
        app.ctx.store.listEvents({ from: previousFrom - REPEAT_WINDOW_MS, to: to - 1, limit: EVENT_LIMIT }),
        Promise.resolve(app.ctx.alerting.store.list({ limit: 100_000 })),
      ]);
      const units = app.ctx.dataset.byLevel[level].map((g) => ({ id: g.id, name: g.name }));
      const result = evaluate({ level, units, events, alerts, from, to, at });
      if (format === 'csv') {
        // Not JSON, so Fastify sends the text as is; the 200 schema documents the JSON form.
        return reply
          .type('text/csv; charset=utf-8')
          .header(
            'content-disposition',
            `attachment; filename="evaluation-${level}-${fromDate}-${toDate}.csv"`,
          )
          .send(evaluationCsv(result) as never);
      }
      return { ...result, timezone, fromDate, toDate };
    },
  );
};
