import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type, { type Static } from 'typebox';
import { CATEGORIES } from '../../shared/domain/categories';
import { addDays, cityDate, parseCityTime, startOfCityDay } from '../../shared/util/city-day';
import { hourAt, utcOffsetMinutes } from '../../shared/util/time';
import type { DayStats, HourlyCount } from '../store/store';
import { ProblemSchema } from './problem';

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

/** GET /api/stats/today: the city's day so far, for the wall's KPI strip; and GET /api/stats/hourly. */
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
  hourlyRoute(app);
};

const HOUR = 3_600_000;

const HourlyDaySchema = Type.Object({
  date: Type.String({ description: 'The city-local date, YYYY-MM-DD' }),
  from: Type.Number({ description: "The day's city-local midnight (epoch ms)" }),
  to: Type.Number({ description: 'The next midnight (epoch ms); the day is [from, to)' }),
  total: Type.Integer({ minimum: 0 }),
  byCategory: Type.Array(
    Type.Object({
      category: Type.String(),
      hours: Type.Array(Type.Integer({ minimum: 0 }), {
        minItems: 24,
        maxItems: 24,
        description: 'Reports received in each city-local hour, 00:00–01:00 first',
      }),
    }),
    { description: 'Every category of the taxonomy, in its order, zeros included' },
  ),
});
export const HourlyStatsSchema = Type.Object({
  scope: Type.String(),
  timezone: Type.String(),
  /** The server's clock, which runs simulated time with SIM_SPEED > 1. */
  now: Type.Number(),
  today: HourlyDaySchema,
  yesterday: Type.Intersect([
    HourlyDaySchema,
    Type.Object({
      sameTimeTotal: Type.Integer({
        minimum: 0,
        description: 'Reports yesterday up to the same time of day as now, to compare with today.total',
      }),
      sameTimeByCategory: Type.Array(
        Type.Object({ category: Type.String(), count: Type.Integer({ minimum: 0 }) }),
        { description: 'sameTimeTotal per category, in taxonomy order' },
      ),
    }),
  ]),
});
export type HourlyStats = Static<typeof HourlyStatsSchema>;
export type HourlyDay = Static<typeof HourlyDaySchema>;

/**
 * The store's hour buckets (counted from the day's midnight) folded onto the 24 city-local hours of
 * the clock: in a zone with daylight saving a 25-hour day adds its repeated hour to the same slot and a
 * 23-hour day leaves its skipped hour at zero. Categories outside the taxonomy are left out.
 */
export function hourlyDay(
  rows: readonly HourlyCount[],
  from: number,
  to: number,
  timezone: string,
): HourlyDay {
  const hours = new Map(CATEGORIES.map((c) => [c.id, new Array<number>(24).fill(0)]));
  let total = 0;
  for (const r of rows) {
    const slots = hours.get(r.category);
    const at = from + r.bucket * HOUR;
    if (!slots || at < from || at >= to) continue;
    slots[hourAt(at, utcOffsetMinutes(timezone, at))]! += r.count;
    total += r.count;
  }
  return {
    date: cityDate(from, timezone),
    from,
    to,
    total,
    byCategory: [...hours].map(([category, h]) => ({ category, hours: h })),
  };
}

/** GET /api/stats/hourly: reports per category and city-local hour, today against yesterday. */
function hourlyRoute(app: Parameters<FastifyPluginAsyncTypebox>[0]): void {
  app.get(
    '/api/stats/hourly',
    {
      schema: {
        tags: ['events'],
        summary:
          "Reports per category and hour, today and yesterday, in the city's time zone (the wall chart)",
        description:
          'Hours are the city\'s (Asia/Shanghai for Longgang) whatever the server\'s zone; "today" follows the ' +
          "server's clock, which runs simulated time with SIM_SPEED > 1. Counted by receipt time, like " +
          '`reportedToday` in /api/stats/today.',
        querystring: Type.Object(
          {
            scope: Type.String({
              pattern: '^(city|district:[A-Za-z0-9]{1,32})$',
              default: 'city',
              description: '`city` or `district:<id>`',
            }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: HourlyStatsSchema,
          400: ProblemSchema,
          501: ProblemSchema,
        },
      },
    },
    async (req, reply) => {
      const store = app.ctx.store;
      const timezone = app.ctx.dataset.city.timezone;
      const { scope } = req.query;
      const district = scope === 'city' ? undefined : scope.slice('district:'.length);
      if (district !== undefined && !app.ctx.dataset.byLevel.district.some((d) => d.id === district))
        return reply
          .code(400)
          .send({ statusCode: 400, error: 'Bad Request', message: `no district ${district}` });
      if (!store.hourlyCounts)
        return reply.code(501).send({
          statusCode: 501,
          error: 'Not Implemented',
          message: 'this store cannot count hours yet',
        });
      const now = app.ctx.clock.now();
      const todayDate = cityDate(now, timezone);
      const todayFrom = startOfCityDay(now, timezone);
      const todayTo = parseCityTime(addDays(todayDate, 1), timezone) ?? todayFrom + 24 * HOUR;
      const yesterdayFrom = parseCityTime(addDays(todayDate, -1), timezone) ?? todayFrom - 24 * HOUR;
      const [todayRows, yesterdayRows, sameTime] = await Promise.all([
        store.hourlyCounts(todayFrom, todayTo, district),
        store.hourlyCounts(yesterdayFrom, todayFrom, district),
        store.hourlyCounts(yesterdayFrom, Math.min(todayFrom, yesterdayFrom + (now - todayFrom)), district),
      ]);
      const yesterday = hourlyDay(yesterdayRows, yesterdayFrom, todayFrom, timezone);
      const sameTimeDay = hourlyDay(sameTime, yesterdayFrom, todayFrom, timezone);
      const sameTimeByCategory = sameTimeDay.byCategory.map((c) => ({
        category: c.category,
        count: c.hours.reduce((a, b) => a + b, 0),
      }));
      return {
        scope,
        timezone,
        now,
        today: hourlyDay(todayRows, todayFrom, todayTo, timezone),
        yesterday: { ...yesterday, sameTimeTotal: sameTimeDay.total, sameTimeByCategory },
      };
    },
  );
}
