import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { maskEvent } from '../../shared/auth/mask';
import { EVENT_STATUSES } from '../../shared/domain/event-status';
import { summarizeHandover } from '../../shared/domain/handover';
import type { GridEvent } from '../../shared/schemas/event';
import { holds } from '../auth/principal';

const OPEN = EVENT_STATUSES.filter((s) => s !== 'closed' && s !== 'cancelled');
/** Most events a handover carries: a busy day in a large city stays well under it. */
const LIMIT = 20_000;

/**
 * GET /api/handover?hours=N: what changed in the last N hours (the summary) and the events to replay
 * on the map with a time scrubber: every event reported in the window plus every one still open.
 */
export const handoverRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/handover',
    {
      schema: {
        tags: ['events'],
        summary: 'Shift handover: what changed in the last hours, and the events to replay',
        querystring: Type.Object(
          { hours: Type.Integer({ minimum: 1, maximum: 72, default: 8 }) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => {
      const to = app.ctx.clock.now();
      const from = to - req.query.hours * 3_600_000;
      const [recent, open] = await Promise.all([
        app.ctx.store.listEvents({ from, to, limit: LIMIT }),
        app.ctx.store.listEvents({ statuses: OPEN, limit: LIMIT }),
      ]);
      const byId = new Map<string, GridEvent>();
      for (const e of [...recent, ...open]) byId.set(e.id, e);
      const events = [...byId.values()];
      const full = holds(req.principal, 'personal:read');
      return {
        summary: summarizeHandover(events, from, to),
        events: full ? events : events.map(maskEvent),
      };
    },
  );
};
