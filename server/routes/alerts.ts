import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ALERT_COMMANDS, type AlertCommand } from '../../shared/rules/alert-workflow';
import {
  ALERT_LEVELS,
  ALERT_STATUSES,
  AlertSchema,
  AlertTransitionSchema,
  RULE_IDS,
} from '../../shared/schemas/alert';
import { capAtomFeed } from '../alerts/cap-feed';
import { alertToCap, type CapContext } from '../alerts/cap-xml';
import { actorOf, holds } from '../auth/principal';
import { COMMAND_ERROR_STATUS } from '../events/event-commands';
import { ProblemSchema } from './problem';

const AlertId = Type.String({ minLength: 1, maxLength: 64 });
const CAP_TYPE = 'application/cap+xml; charset=utf-8';

/** Alerts: list, detail with lifecycle, officers' actions, CAP 1.2 export and the Atom index. */
export const alertRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { alerting } = app.ctx;

  app.get(
    '/api/alerts',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Alerts, newest change first (default: not closed)',
        querystring: Type.Object(
          {
            status: Type.Optional(listOf(ALERT_STATUSES, 'Comma-separated statuses')),
            rule: Type.Optional(listOf(RULE_IDS, 'Comma-separated rules')),
            level: Type.Optional(listOf(ALERT_LEVELS, 'Comma-separated levels')),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ alerts: Type.Array(AlertSchema) }) },
      },
    },
    async (req) => ({
      alerts: alerting.store.list({
        statuses: split(req.query.status) ?? ['raised', 'acknowledged', 'assigned', 'resolved'],
        rules: split(req.query.rule),
        levels: split(req.query.level),
        limit: req.query.limit ?? 500,
      }),
    }),
  );

  app.get(
    '/api/alerts/:id',
    {
      schema: {
        tags: ['alerts'],
        summary: 'One alert with its lifecycle (who did what, when, with which note)',
        params: Type.Object({ id: AlertId }),
        response: {
          200: Type.Object({ alert: AlertSchema, transitions: Type.Array(AlertTransitionSchema) }),
          404: ProblemSchema,
        },
      },
    },
    async (req, reply) => {
      const alert = alerting.store.get(req.params.id);
      if (!alert) return reply.code(404).send(notFound(req.params.id));
      return { alert, transitions: alerting.store.transitions(alert.id) };
    },
  );

  app.post(
    '/api/alerts/:id/actions',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Acknowledge, assign (to a district or grid team), resolve or close an alert',
        description: 'Illegal steps answer 409 with the reason; assigning needs events:supervise.',
        params: Type.Object({ id: AlertId }),
        body: Type.Object(
          {
            action: Type.Enum(ALERT_COMMANDS),
            note: Type.Optional(Type.String({ maxLength: 2000 })),
            assignee: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: AlertSchema,
          400: ProblemSchema,
          403: ProblemSchema,
          404: ProblemSchema,
          409: ProblemSchema,
        },
      },
    },
    async (req, reply) => {
      const { action, note, assignee } = req.body;
      if ((action === 'assign' || action === 'close') && !holds(req.principal, 'events:supervise')) {
        return reply.code(403).send({
          statusCode: 403,
          error: 'Forbidden',
          message: `${action} needs the events:supervise permission`,
        });
      }
      const result = await alerting.engine.act(req.params.id, action as AlertCommand, {
        actor: actorOf(req.principal),
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

  const capContext = (alert: { scope: { gridId: string } }): CapContext => ({
    cap: alerting.rulesFile.config.cap,
    utcOffsetMinutes: alerting.rulesFile.config.utcOffsetMinutes,
    areaDesc: `${app.ctx.dataset.city.name}${alert.scope.gridId === 'city' ? '' : alerting.geo.nameOf(alert.scope.gridId)}`,
    outline: alerting.geo.outlineOf(alert.scope.gridId),
  });

  app.get(
    '/api/alerts/:id/cap',
    {
      schema: {
        tags: ['alerts'],
        summary: 'The alert as an OASIS CAP 1.2 message (application/cap+xml)',
        description:
          'msgType follows the lifecycle: Alert when first raised, Update as it changes, Cancel once resolved.',
        params: Type.Object({ id: AlertId }),
        querystring: Type.Object(
          { msgType: Type.Optional(Type.Enum(['Alert', 'Update', 'Cancel'])) },
          { additionalProperties: false },
        ),
        response: { 200: Type.String(), 404: ProblemSchema },
      },
    },
    async (req, reply) => {
      const alert = alerting.store.get(req.params.id);
      if (!alert) return reply.code(404).send(notFound(req.params.id));
      return reply.type(CAP_TYPE).send(alertToCap(alert, capContext(alert), req.query.msgType));
    },
  );

  app.get(
    '/api/cap/feed',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Atom index of active alerts, each linking to its CAP message',
        response: { 200: Type.String() },
      },
    },
    async (req, reply) => {
      const config = alerting.rulesFile.config;
      const alerts = alerting.store.list({ statuses: ['raised', 'acknowledged', 'assigned'], limit: 1000 });
      const feed = capAtomFeed(alerts, {
        baseUrl: `${req.protocol}://${req.host}`,
        cap: config.cap,
        utcOffsetMinutes: config.utcOffsetMinutes,
        title: `${config.cap.senderName} · 生效预警`,
        now: app.ctx.clock.now(),
      });
      return reply.type('application/atom+xml; charset=utf-8').send(feed);
    },
  );
};

/** A query value listing some of `values`, comma-separated (e.g. `status=raised,acknowledged`). */
function listOf(values: readonly string[], description: string) {
  return Type.String({ pattern: `^(${values.join('|')})(,(${values.join('|')}))*$`, description });
}

function split<T extends string>(value: string | undefined): T[] | undefined {
  return value === undefined ? undefined : (value.split(',') as T[]);
}

function notFound(id: string) {
  return { statusCode: 404, error: 'Not Found', message: `no alert with id "${id}"` };
}
