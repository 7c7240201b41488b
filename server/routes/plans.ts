import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { PlanInstanceSchema } from '../../shared/domain/response-plan';
import { actorOf } from '../auth/principal';
import { ProblemSchema } from './problem';

const Id = Type.String({ minLength: 1, maxLength: 64 });

/**
 * Response plans opened for red and orange alerts: read them, tick their steps with a note. Every
 * tick is stored, audited and broadcast (`plan:changes`).
 */
export const planRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/plans',
    {
      schema: {
        tags: ['duty'],
        summary: 'Response plans: those of live alerts (default) or the most recent ones',
        querystring: Type.Object(
          {
            scope: Type.Enum(['live', 'recent'], { default: 'live' }),
            limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ plans: Type.Array(PlanInstanceSchema) }) },
      },
    },
    async (req) => {
      const plans = app.ctx.duty.plans;
      return { plans: req.query.scope === 'live' ? plans.live() : plans.recent(req.query.limit) };
    },
  );

  app.get(
    '/api/plans/:id',
    {
      schema: {
        tags: ['duty'],
        summary: 'One response plan with its steps',
        params: Type.Object({ id: Id }),
        response: { 200: PlanInstanceSchema, 404: ProblemSchema },
      },
    },
    async (req, reply) => {
      const plan = app.ctx.duty.plans.get(req.params.id);
      if (!plan)
        return reply
          .code(404)
          .send({ statusCode: 404, error: 'Not Found', message: `no plan with id "${req.params.id}"` });
      return plan;
    },
  );

  app.post(
    '/api/plans/:id/steps/:stepId',
    {
      schema: {
        tags: ['duty'],
        summary: 'Tick (or untick) one step of a response plan, with a note',
        params: Type.Object({ id: Id, stepId: Id }),
        body: Type.Object(
          { done: Type.Boolean({ default: true }), note: Type.String({ maxLength: 2000, default: '' }) },
          { additionalProperties: false },
        ),
        response: { 200: PlanInstanceSchema, 400: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req.principal);
      const { done, note } = req.body;
      const result = app.ctx.duty.plans.tick(req.params.id, req.params.stepId, {
        done,
        note: note.trim(),
        actor,
      });
      if (!result.ok) {
        // 409: the plan kept changing on other servers while this tick was redone on it.
        const conflict = result.error.code === 'conflict';
        return reply.code(conflict ? 409 : 404).send({
          statusCode: conflict ? 409 : 404,
          error: conflict ? 'Conflict' : 'Not Found',
          message: result.error.message,
        });
      }
      app.ctx.auth.audit({
        at: Date.now(),
        actor,
        action: 'plan:step',
        target: `plan:${req.params.id}`,
        detail: { step: req.params.stepId, done, note: note.trim() },
      });
      return result.data;
    },
  );
};
