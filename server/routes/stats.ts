import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type, { type Static } from 'typebox';
import { addDays, cityDate, parseCityTime, startOfCityDay } from '../../shared/util/city-day';
import type { DayStats } from '../store/store';

export const TodayStatsSchema = Type.Object({
  /** Start and end of the city's calendar day (epoch ms), in its zone. */
  from: Type.Number(),
  to: Type.Number(),
  timezone: Type.String(),
  reportedToday: Type.Integer({ minimum: 0, description: 'Events received today' }),
  closedToday: Type.Integer({ minimum: 0, description: 'Events closed today, whenever reported' }),
  avgHandlingMinutes: Type.Union([Type.Number({ minimum: 0 }), Type.Null()], {
    description: 'Mean dispatch → handled time of the events closed today; null when none',
  }),
  closureRate: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], {
    description: "Share of today's reports already closed; null before the first report",
  }),
});
export type TodayStats = Static<typeof TodayStatsSchema>;

/** The wall's figures from the store's counts: minutes to one decimal, the rate to 0.1 %. */
export function todayFigures(
  stats: DayStats,
): Pick<TodayStats, 'reportedToday' | 'closedToday' | 'avgHandlingMinutes' | 'closureRate'> {
  return {
    reportedToday: stats.reported,
    closedToday: stats.closed,
    avgHandlingMinutes:
      stats.avgHandlingMs === null ? null : Math.max(0, Math.round(stats.avgHandlingMs / 6_000) / 10),
    closureRate:
      stats.reported === 0 ? null : Math.round((stats.reportedClosed / stats.reported) * 1000) / 1000,
  };
}

/** GET /api/stats/today: the city's day so far, for the wall's KPI strip. */
export const statsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/stats/today',
    {
      schema: {
        tags: ['events'],
        summary: "Today's reports, closures, closure rate and mean handling time, in the city's time zone",
        response: {
          200: TodayStatsSchema,
          501: Type.Object({ statusCode: Type.Integer(), error: Type.String(), message: Type.String() }),
        },
      },
    },
    async (_req, reply) => {
      const store = app.ctx.store;
      const timezone = app.ctx.dataset.city.timezone;
      if (!store.dayStats)
        return reply
          .code(501)
          .send({ statusCode: 501, error: 'Not Implemented', message: 'this store cannot count days yet' });
      // The server's clock, which runs simulated time with SIM_SPEED > 1: "today" follows the events.
      const now = app.ctx.clock.now();
      const from = startOfCityDay(now, timezone);
      const to = parseCityTime(addDays(cityDate(now, timezone), 1), timezone) ?? from + 86_400_000;
      return { from, to, timezone, ...todayFigures(await store.dayStats(from, to)) };
    },
  );
};
