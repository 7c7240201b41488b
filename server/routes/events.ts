import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ACTION_PERMISSION } from '../../shared/auth/action-permissions';
import { maskEvent } from '../../shared/auth/mask';
import { WORKFLOW_ACTIONS, type WorkflowAction } from '../../shared/domain/workflow';
import {
  type EventInput,
  EventInputSchema,
  GridEventSchema,
  TransitionSchema,
} from '../../shared/schemas/event';
import { actorOf, holds, type Principal } from '../auth/principal';
import { dispatchGuard } from '../duty/dispatch-guard';
import { COMMAND_ERROR_STATUS } from '../events/event-commands';
import { IngestError } from '../ingest/pipeline';
import { type Problem, ProblemSchema, problemsOf } from './problem';

/** Most events one POST may carry. */
export const MAX_BATCH = 1000;

const checkInput = problemsOf(EventInputSchema);
const EventId = Type.String({ minLength: 1, maxLength: 64 });

/** Options of {@link eventRoutes}. */
export interface EventRoutesOptions {
  /** Most POST /api/events requests per minute per client IP (INGEST_RATE_LIMIT_PER_MIN); 6000 by default. */
  ingestRateLimitPerMin?: number;
}

/** Event ingest over HTTP, event detail with its lifecycle, and workflow actions. */
export const eventRoutes: FastifyPluginAsyncTypebox<EventRoutesOptions> = async (app, opts) => {
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
          403: ProblemSchema,
        },
      },
      config: { rateLimit: { max: opts.ingestRateLimitPerMin ?? 6000, timeWindow: 60_000 } },
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
      const outOfScope = keyScopeProblems(req.principal, items as EventInput[]);
      if (outOfScope.length > 0) {
        app.ctx.metrics.rejected.inc({ reason: 'key-scope' }, items.length);
        return reply.code(403).send({ ...badRequest(outOfScope), statusCode: 403, error: 'Forbidden' });
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
      const full = holds(req.principal, 'personal:read');
      if (full && event.reporter) {
        app.ctx.auth.audit({
          at: Date.now(),
          actor: actorOf(req.principal),
          action: 'personal:read',
          target: `event:${event.id}`,
          detail: {},
        });
      }
      return {
        event: full ? event : maskEvent(event),
        transitions: await app.ctx.store.getTransitions(event.id),
      };
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
        response: {
          200: GridEventSchema,
          400: ProblemSchema,
          403: ProblemSchema,
          404: ProblemSchema,
          409: ProblemSchema,
        },
      },
    },
    async (req, reply) => {
      const { action, note, assignee } = req.body;
      const needed = ACTION_PERMISSION[action as WorkflowAction];
      if (!holds(req.principal, needed)) {
        return reply
          .code(403)
          .send({ statusCode: 403, error: 'Forbidden', message: `${action} needs the ${needed} permission` });
      }
      const p = req.principal;
      const result = await app.ctx.commands.act(req.params.id, action as WorkflowAction, {
        actor: actorOf(p),
        district: p.kind === 'user' ? p.user.district : null,
        note,
        assignee,
        check: action === 'dispatch' ? dispatchGuard(app.ctx, actorOf(p), assignee, note) : undefined,
      });
      if (result.ok) return result.data;
      const status = (COMMAND_ERROR_STATUS[result.error.code] ?? 400) as 400 | 403 | 404 | 409;
      return reply
        .code(status)
        .send({ statusCode: status, error: result.error.code, message: result.error.message });
    },
  );
};

/** An API key limited to some sources or categories may report only those. */
function keyScopeProblems(p: Principal, items: EventInput[]): Problem[] {
  if (p.kind !== 'apikey') return [];
  const { sources, categories, name } = p.key;
  const problems: Problem[] = [];
  items.forEach((item, index) => {
    if (sources.length > 0 && !sources.includes(item.source)) {
      problems.push({
        index,
        field: '/source',
        message: `API key "${name}" may not report as ${item.source}`,
      });
    }
    if (categories.length > 0 && !categories.includes(item.category)) {
      problems.push({
        index,
        field: '/category',
        message: `API key "${name}" may not report ${item.category}`,
      });
    }
  });
  return problems;
}

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
