import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { HANDLING_LEVELS, LIST_IDS, ResponsibilitiesSchema } from '../../shared/domain/responsibilities';
import { proposeUnit, type RouteProposal } from '../../shared/domain/routing';
import { type GridEvent, GridEventSchema } from '../../shared/schemas/event';
import { actorOf } from '../auth/principal';
import { COMMAND_ERROR_STATUS } from '../events/event-commands';
import { ProblemSchema } from './problem';

const EventId = Type.String({ minLength: 1, maxLength: 64 });

export const RouteProposalSchema = Type.Object(
  {
    unitId: Type.String(),
    unitName: Type.String(),
    level: Type.Enum(HANDLING_LEVELS),
    limitHours: Type.Number(),
    list: Type.Enum(LIST_IDS),
    itemId: Type.String(),
    itemName: Type.String(),
    reason: Type.String(),
  },
  { additionalProperties: false },
);

/**
 * Dispatch routing: the responsibility lists, the unit they propose for an event, and a dispatch
 * that follows the proposal or overrides it with a reason (audited). The generic
 * POST /api/events/:id/actions still dispatches without a proposal, for machine sources and the simulator.
 */
export const routingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const propose = (event: GridEvent): RouteProposal | null =>
    proposeUnit(
      event,
      app.ctx.duty.responsibilities,
      event.grid,
      (id) => app.ctx.dataset.grids.get(id)?.name,
    );

  app.get(
    '/api/responsibilities',
    {
      schema: {
        tags: ['duty'],
        summary: 'The responsibility lists (168 / 112 / 35 items) and the routing table per event kind',
        response: { 200: ResponsibilitiesSchema },
      },
    },
    async () => app.ctx.duty.responsibilities,
  );

  app.get(
    '/api/events/:id/route-proposal',
    {
      schema: {
        tags: ['duty'],
        summary: 'The unit the responsibility lists propose for an event, with the reason',
        params: Type.Object({ id: EventId }),
        response: {
          200: Type.Object({
            eventId: Type.String(),
            proposal: Type.Union([RouteProposalSchema, Type.Null()]),
          }),
          404: ProblemSchema,
        },
      },
    },
    async (req, reply) => {
      const [event] = await app.ctx.store.getEvents([req.params.id]);
      if (!event)
        return reply.code(404).send(problem(404, 'Not Found', `no event with id "${req.params.id}"`));
      return { eventId: event.id, proposal: propose(event) };
    },
  );

  app.post(
    '/api/events/:id/dispatch',
    {
      schema: {
        tags: ['duty'],
        summary: 'Dispatch an event to the proposed unit, or to another one with a reason',
        description:
          'An assignee other than the proposed unit needs `overrideReason` (else 400); the override is audited ' +
          'and its reason lands in the transition note. Illegal transitions answer 409.',
        params: Type.Object({ id: EventId }),
        body: Type.Object(
          {
            assignee: Type.String({ minLength: 1, maxLength: 64 }),
            note: Type.Optional(Type.String({ maxLength: 2000 })),
            overrideReason: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            event: GridEventSchema,
            override: Type.Boolean(),
            proposal: Type.Union([RouteProposalSchema, Type.Null()]),
          }),
          400: ProblemSchema,
          403: ProblemSchema,
          404: ProblemSchema,
          409: ProblemSchema,
        },
      },
    },
    async (req, reply) => {
      const { assignee, note, overrideReason } = req.body;
      const [event] = await app.ctx.store.getEvents([req.params.id]);
      if (!event)
        return reply.code(404).send(problem(404, 'Not Found', `no event with id "${req.params.id}"`));
      const proposal = propose(event);
      const override = proposal !== null && assignee.trim() !== proposal.unitId;
      const reason = overrideReason?.trim() ?? '';
      if (override && !reason) {
        return reply.code(400).send({
          ...problem(
            400,
            'Bad Request',
            `the lists propose ${proposal.unitId} (${proposal.unitName}); dispatching to ${assignee} needs an overrideReason`,
          ),
          problems: [
            { field: '/overrideReason', message: 'required when the assignee differs from the proposal' },
          ],
        });
      }
      const p = req.principal;
      const notes = [note?.trim(), override ? `改派（建议：${proposal.unitName}）：${reason}` : ''].filter(
        Boolean,
      );
      const result = await app.ctx.commands.act(event.id, 'dispatch', {
        actor: actorOf(p),
        district: p.kind === 'user' ? p.user.district : null,
        note: notes.join('；'),
        assignee: assignee.trim(),
      });
      if (!result.ok) {
        const status = (COMMAND_ERROR_STATUS[result.error.code] ?? 400) as 400 | 403 | 404 | 409;
        return reply.code(status).send(problem(status, result.error.code, result.error.message));
      }
      if (override) {
        app.ctx.auth.audit({
          at: Date.now(),
          actor: actorOf(p),
          action: 'dispatch:override',
          target: `event:${event.id}`,
          detail: { proposed: proposal.unitId, assignee: assignee.trim(), reason },
        });
      }
      return { event: result.data, override, proposal };
    },
  );
};

function problem(statusCode: number, error: string, message: string) {
  return { statusCode, error, message };
}
