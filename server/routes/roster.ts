import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  dutyToday,
  maskRosterEntry,
  onDuty,
  parseRosterCsv,
  RosterEntrySchema,
  sortRoster,
} from '../../shared/domain/roster';
import { startOfCityDay } from '../../shared/util/city-day';
import { actorOf, holds } from '../auth/principal';
import { ProblemSchema } from './problem';

/** A roster file of 20,000 shifts is well under this. */
const MAX_CSV_BYTES = 2 * 1024 * 1024;

/**
 * The duty roster (值班表): who is on duty now and today, and a CSV import that replaces the whole
 * roster at once or, with any bad row, changes nothing and names every bad line.
 */
export const rosterRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // The duty office exports CSV; text/plain works too (Fastify parses it already).
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: MAX_CSV_BYTES }, (_req, body, done) =>
    done(null, body),
  );

  app.get(
    '/api/roster/current',
    {
      schema: {
        tags: ['duty'],
        summary: 'Who is on duty now, and every shift of the city day, city first',
        description: 'Phones are masked (138****1234) without the personal:read permission; names are not.',
        response: {
          200: Type.Object({
            at: Type.Number(),
            timezone: Type.String(),
            masked: Type.Boolean(),
            onDuty: Type.Array(RosterEntrySchema),
            today: Type.Array(RosterEntrySchema),
          }),
        },
      },
    },
    async (req) => {
      const at = app.ctx.clock.now();
      const timezone = app.ctx.dataset.city.timezone;
      const dayStart = startOfCityDay(at, timezone);
      const shifts = sortRoster(app.ctx.duty.store.roster(dayStart, dayStart + 48 * 3_600_000));
      const masked = !holds(req.principal, 'personal:read');
      const view = masked ? shifts.map(maskRosterEntry) : shifts;
      return { at, timezone, masked, onDuty: onDuty(view, at), today: dutyToday(view, at, timezone) };
    },
  );

  app.post(
    '/api/roster/import',
    {
      schema: {
        tags: ['duty'],
        summary: 'Replace the duty roster with a CSV file (scope,role,name,phone,start,end)',
        description:
          'Send the file as the body (text/csv or text/plain). Times are city-local ("2025-01-15 08:00"). ' +
          'Any bad row rejects the whole file (400, each problem with its line number) and keeps the old roster.',
        body: Type.String({ maxLength: MAX_CSV_BYTES }),
        response: {
          200: Type.Object({ imported: Type.Integer(), replaced: Type.Integer() }),
          400: ProblemSchema,
        },
      },
    },
    async (req, reply) => {
      const scopes = new Set(['city', ...app.ctx.dataset.city.districts.map((d) => d.id)]);
      const parsed = parseRosterCsv(req.body, app.ctx.dataset.city.timezone, scopes);
      if (!parsed.ok) {
        const first = parsed.problems[0]!;
        const n = parsed.problems.length;
        return reply.code(400).send({
          statusCode: 400,
          error: 'Bad Request',
          message: `${n} problem${n === 1 ? '' : 's'}; the roster is unchanged; first: line ${first.line}: ${first.message}`,
          problems: parsed.problems.map((p) => ({ field: `line ${p.line}`, message: p.message })),
        });
      }
      const store = app.ctx.duty.store;
      const replaced = store.rosterSize();
      store.replaceRoster(parsed.entries);
      app.ctx.auth.audit({
        at: Date.now(),
        actor: actorOf(req.principal),
        action: 'roster:import',
        target: 'roster',
        detail: { imported: parsed.entries.length, replaced },
      });
      return { imported: parsed.entries.length, replaced };
    },
  );
};
