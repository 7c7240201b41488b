import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { READING_KINDS, type ReadingKind } from '../../shared/rules/key-area-rule';
import { RULE_IDS } from '../../shared/schemas/alert';
import type { LoadResult } from '../alerts/rules-config-file';
import { ProblemSchema } from './problem';

const ConfigBody = Type.Record(Type.String(), Type.Unknown());

/**
 * The rules config (read, replace, patch one rule, reload from disk), sensor readings at key areas,
 * external warnings (for compound incidents) and the current risk scores. A bad config answers 400
 * naming every bad field, and the config in force stays.
 */
export const ruleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { alerting } = app.ctx;
  /** Applies a good config to the engine; what to answer either way. */
  const settle = async (result: LoadResult) => {
    if (!result.ok) {
      const { message, problems } = result.error;
      return { code: 400 as const, body: { statusCode: 400, error: 'Bad Request', message, problems } };
    }
    await alerting.engine.applyConfig(result.config);
    return { code: 200 as const, body: { file: result.file, config: result.config } };
  };
  const response = { 200: Type.Object({ file: Type.String(), config: ConfigBody }), 400: ProblemSchema };

  app.get(
    '/api/rules',
    { schema: { tags: ['rules'], summary: 'The rules config in force', response: { 200: response[200] } } },
    async () => ({ file: alerting.rulesFile.activeFile, config: alerting.rulesFile.config }),
  );

  app.put(
    '/api/rules',
    {
      schema: {
        tags: ['rules'],
        summary: 'Replace the whole rules config (validated; written to DATA_DIR/rules.json)',
        body: ConfigBody,
        response,
      },
    },
    async (req, reply) => {
      const { code, body } = await settle(alerting.rulesFile.replace(req.body));
      return reply.code(code).send(body as never);
    },
  );

  app.patch(
    '/api/rules/:rule',
    {
      schema: {
        tags: ['rules'],
        summary: "Enable, disable or tune one rule (the given fields replace the rule's own)",
        params: Type.Object({ rule: Type.Enum(RULE_IDS) }),
        body: ConfigBody,
        response,
      },
    },
    async (req, reply) => {
      const config = structuredClone(alerting.rulesFile.config) as { rules: Record<string, object> };
      config.rules[req.params.rule] = { ...config.rules[req.params.rule], ...req.body };
      const { code, body } = await settle(alerting.rulesFile.replace(config));
      return reply.code(code).send(body as never);
    },
  );

  app.post(
    '/api/rules/reload',
    { schema: { tags: ['rules'], summary: 'Re-read the rules file in force, without a restart', response } },
    async (_req, reply) => {
      const { code, body } = await settle(alerting.rulesFile.reload());
      return reply.code(code).send(body as never);
    },
  );

  app.post(
    '/api/key-areas/:id/readings',
    {
      schema: {
        tags: ['rules'],
        summary: 'A sensor reading at a key area: crowd (people), water-level (m) or smoke (%/m)',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        body: Type.Object(
          {
            kind: Type.Enum(READING_KINDS),
            value: Type.Number({ minimum: 0 }),
            at: Type.Optional(Type.Number({ minimum: 0 })),
          },
          { additionalProperties: false },
        ),
        response: { 202: Type.Object({ accepted: Type.Boolean() }), 404: ProblemSchema },
      },
    },
    async (req, reply) => {
      if (!app.ctx.dataset.keyAreas.some((a) => a.id === req.params.id)) {
        return reply
          .code(404)
          .send({ statusCode: 404, error: 'Not Found', message: `no key area with id "${req.params.id}"` });
      }
      const at = req.body.at ?? app.ctx.clock.now();
      alerting.engine.recordReading({
        areaId: req.params.id,
        kind: req.body.kind as ReadingKind,
        value: req.body.value,
        at,
      });
      return reply.code(202).send({ accepted: true });
    },
  );

  app.put(
    '/api/warnings',
    {
      schema: {
        tags: ['rules'],
        summary: 'The external warnings in force (e.g. rain warnings), replacing the previous list',
        body: Type.Array(
          Type.Object(
            {
              id: Type.String({ minLength: 1, maxLength: 64 }),
              type: Type.String({ minLength: 1, maxLength: 32 }),
              headline: Type.String({ maxLength: 200 }),
              districtIds: Type.Array(Type.String()),
              from: Type.Number(),
              to: Type.Number(),
            },
            { additionalProperties: false },
          ),
          { maxItems: 100 },
        ),
        response: { 200: Type.Object({ count: Type.Integer() }) },
      },
    },
    async (req) => {
      alerting.engine.setWarnings(req.body);
      return { count: req.body.length };
    },
  );

  app.get(
    '/api/risk',
    {
      schema: {
        tags: ['rules'],
        summary: 'Risk score per micro-grid now, with the micro-grid ids in score order',
        response: {
          200: Type.Object({
            at: Type.Number(),
            ids: Type.Array(Type.String()),
            scores: Type.Array(Type.Number()),
            max: Type.Number(),
          }),
        },
      },
    },
    async () => {
      const risk = alerting.engine.risk();
      return { at: risk.at, ids: [...alerting.geo.microIds], scores: risk.scores, max: risk.max };
    },
  );
};
