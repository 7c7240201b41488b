import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { WORKFLOW_ACTIONS, type WorkflowAction } from '../../shared/domain/workflow';
import { EventInputSchema, GridEventSchema, TransitionSchema } from '../../shared/schemas/event';
import { COMMAND_ERROR_STATUS } from '../events/event-commands';
import { IngestError } from '../ingest/pipeline';
import { type Problem, ProblemSchema, problemsOf } from './problem';

/** Most events one POST may carry. */
export const MAX_BATCH = 1000;

const checkInput = problemsOf(EventInputSchema);
const EventId = Type.String({ minLength: 1, maxLength: 64 });

/** Event ingest over HTTP, event detail with its lifecycle, and workflow actions. */
export const eventRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/events',
    {
      schema: {
        tags: ['events'],
        summary: `Report one event or a batch of up to ${MAX_BATCH}`,
        description:
          'Answers 202 only after the whole batch is committed. Retrying with the same ids stores nothing twice ' +
          '(they come back in `duplicates`). A batch with any bad item is rejected whole, naming each item and field.',
        body: Type.Union([
          EventInputSchema,
          Type.Array(EventInputSchema, { minItems: 1, maxItems: MAX_BATCH }),
        ]),
        response: {
          202: Type.Object({ accepted: Type.Array(Type.String()), duplicates: Type.Array(Type.String()) }),
          400: ProblemSchema,
        },
      },
      // Validated below item by item, so that a 400 can name each bad item; the schema above documents it.
      validatorCompiler: () => (value) => ({ value }),
    },
    async (req, reply) => {
      const body: unknown = req.body;
      const items = Array.isArray(body) ? body : [body];
      const problems: Problem[] = [];
      if (items.length === 0) problems.push({ field: '', message: 'the batch is empty' });
      if (items.length > MAX_BATCH)
        problems.push({ field: '', message: `at most ${MAX_BATCH} events per request, got ${items.length}` });
      if (problems.length === 0) {
        items.forEach((item, index) => {
          for (const p of checkInput(item)) problems.push({ ...p, index });
        });
      }
      if (problems.length > 0) {
        app.ctx.metrics.rejected.inc({ reason: 'schema' }, Math.max(1, items.length));
        return reply.code(400).send(badRequest(problems));
      }
      try {
        const result = await app.ctx.pipeline.ingest(items as never);
        return reply.code(202).send(result);
      } catch (err) {
        if (err instanceof IngestError) return reply.code(400).send(badRequest(err.problems));
        throw err;
      }
    },
  );

  app.get(
    '/api/events/:id',
    {
      schema: {
        tags: ['events'],
        summary: 'One event with its lifecycle (who did what, when, with which note)',
        params: Type.Object({ id: EventId }),
        response: {
          200: Type.Object({ event: GridEventSchema, transitions: Type.Array(TransitionSchema) }),
          404: ProblemSchema,
        },
      },
    },
    async (req, reply) => {
      const [event] = await app.ctx.store.getEvents([req.params.id]);
      if (!event) return reply.code(404).send(notFound(`no event with id "${req.params.id}"`));
      return { event, transitions: await app.ctx.store.getTransitions(event.id) };
    },
  );

  app.post(
    '/api/events/:id/actions',
    {
      schema: {
        tags: ['events'],
        summary: 'Move an event through its workflow (accept, dispatch, close…)',
        description: 'Illegal transitions answer 409 with the reason and the allowed actions.',
        params: Type.Object({ id: EventId }),
        body: Type.Object(
          {
            action: Type.Enum(WORKFLOW_ACTIONS),
            note: Type.Optional(Type.String({ maxLength: 2000 })),
            assignee: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: GridEventSchema, 400: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (req, reply) => {
      const { action, note, assignee } = req.body;
      const result = await app.ctx.commands.act(req.params.id, action as WorkflowAction, {
        actor: 'anonymous',
        note,
        assignee,
      });
      if (result.ok) return result.data;
      const status = (COMMAND_ERROR_STATUS[result.error.code] ?? 400) as 400 | 404 | 409;
      return reply
        .code(status)
        .send({ statusCode: status, error: result.error.code, message: result.error.message });
    },
  );
};

function badRequest(problems: Problem[]) {
  const first = problems[0];
  const where = first
    ? `${first.index === undefined ? '' : `item ${first.index} `}${first.field || 'body'}`
    : '';
  const message = `${problems.length} problem${problems.length === 1 ? '' : 's'}; first: ${where}: ${first?.message ?? ''}`;
  return { statusCode: 400, error: 'Bad Request', message, problems };
}

function notFound(message: string) {
  return { statusCode: 404, error: 'Not Found', message };
}
