import formbody from '@fastify/formbody';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyReply } from 'fastify';
import Type from 'typebox';
import { EventInputSchema } from '../../shared/schemas/event';
import type { Principal } from '../auth/principal';
import { problemsOf } from '../routes/problem';
import type { EventQuery } from '../store/store';
import {
  eventInputOf,
  open311Services,
  parseServiceCode,
  serviceNotice,
  serviceRequestOf,
} from './open311-mapping';
import { eventQueryOf, Open311Error } from './open311-query';
import {
  Open311ErrorsSchema,
  Open311PostResultSchema,
  Open311PostSchema,
  Open311QuerySchema,
  Open311RequestsSchema,
  Open311ServicesSchema,
} from './open311-schemas';
import { IngestError } from './pipeline';

/** Where the GeoReport v2 API lives. */
export const OPEN311_PREFIX = '/open311/v2';
const checkInput = problemsOf(EventInputSchema);
/** Our field names back to the spec's, so that a client sees the field it sent. */
const SPEC_FIELD: Record<string, string> = {
  '/lon': 'long',
  '/lat': 'lat',
  '/description': 'description',
  '/reporter/name': 'first_name/last_name',
  '/reporter/phone': 'phone',
};

/**
 * Open311 GeoReport v2 (JSON) over the event pipeline: the taxonomy's subcategories are the services,
 * events are the service requests (source `open311` for new ones), and the lifecycle maps onto
 * open/closed. Key-person events are never listed: their details are personal data.
 */
export const open311Routes: FastifyPluginAsyncTypebox = async (root) => {
  await root.register(open311Api, { prefix: OPEN311_PREFIX });
};

const open311Api: FastifyPluginAsyncTypebox = async (app) => {
  // Registered here, so form bodies are parsed only under the Open311 prefix.
  await app.register(formbody);
  // Replies made elsewhere (the auth plugin's 401 and 403) in the spec's error format too.
  app.addHook('preSerialization', async (_req, reply, payload: unknown) => {
    if (reply.statusCode < 400 || Array.isArray(payload) || !isMessage(payload)) return payload;
    return [{ code: reply.statusCode, description: payload.message }];
  });
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const code = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (code >= 500) req.log.error({ err }, 'Open311 request failed');
    return reply.code(code).send([{ code, description: code >= 500 ? 'internal error' : err.message }]);
  });
  const notFound = async (req: { method: string; url: string }, reply: FastifyReply) =>
    reply.code(404).send([{ code: 404, description: `no Open311 resource at ${req.method} ${req.url}` }]);
  app.setNotFoundHandler(notFound);
  // The static client's catch-all GET route would otherwise answer unknown GETs here in its own words.
  app.get('/*', { schema: { hide: true } }, notFound);
  const timeZone = app.ctx.dataset.city.timezone;
  const errors = {
    400: Open311ErrorsSchema,
    401: Open311ErrorsSchema,
    403: Open311ErrorsSchema,
    404: Open311ErrorsSchema,
  };
  const requestsOf = async (query: EventQuery) => {
    const events = await app.ctx.store.listEvents({ ...query, excludeKeyPerson: true });
    return Promise.all(
      events.map(async (e) => {
        const steps = await app.ctx.store.getTransitions(e.id);
        return serviceRequestOf(e, steps.at(-1)?.note ?? '', timeZone);
      }),
    );
  };

  app.get(
    '/services.json',
    {
      schema: {
        tags: ['open311'],
        summary: 'Open311 services: every subcategory of the event taxonomy',
        response: { 200: Open311ServicesSchema },
      },
    },
    async () => open311Services(),
  );

  app.post(
    '/requests.json',
    {
      schema: {
        tags: ['open311'],
        summary: 'Report an issue (Open311 POST service request, form-encoded or JSON)',
        description:
          'Needs service_code, lat and long (WGS-84). address_string is kept in the description; ' +
          'first_name, last_name and phone become the reporter; media_url and attributes are ignored. ' +
          'Answers 201 once the event is committed.',
        body: Open311PostSchema,
        response: { 201: Open311PostResultSchema, ...errors },
      },
    },
    async (req, reply) => {
      const kind = parseServiceCode(req.body.service_code);
      if (!kind) throw new Open311Error(400, `service_code "${req.body.service_code}" not found`);
      const outOfScope = keyScopeProblem(req.principal, kind.category);
      if (outOfScope) throw new Open311Error(403, outOfScope);
      const input = eventInputOf(req.body, kind);
      if (typeof input === 'string') throw new Open311Error(400, input);
      const [problem] = checkInput(input);
      if (problem) {
        const field = SPEC_FIELD[problem.field] ?? (problem.field || 'request');
        throw new Open311Error(400, `${field}: ${problem.message}`);
      }
      let id: string;
      try {
        [id = ''] = (await app.ctx.pipeline.ingest([input])).accepted;
      } catch (err) {
        if (err instanceof IngestError) throw new Open311Error(400, err.message);
        throw err;
      }
      return reply
        .code(201)
        .send([{ service_request_id: id, service_notice: serviceNotice(kind), account_id: null }]);
    },
  );

  app.get(
    '/requests.json',
    {
      schema: {
        tags: ['open311'],
        summary: 'Service requests, newest first (at most 1000)',
        description:
          'Without service_request_id, the window is start_date…end_date on the time each event occurred; ' +
          'start_date defaults to 90 days before end_date (or now). status: open = anything before closed.',
        querystring: Open311QuerySchema,
        response: { 200: Open311RequestsSchema, ...errors },
      },
    },
    async (req) => requestsOf(eventQueryOf(req.query, app.ctx.clock.now())),
  );

  app.get(
    '/requests/:service_request_id.json',
    {
      schema: {
        tags: ['open311'],
        summary: 'One service request (a list of one, as the spec has it)',
        params: Type.Object({ service_request_id: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: Open311RequestsSchema, ...errors },
      },
    },
    async (req) => {
      const id = req.params.service_request_id;
      const found = await requestsOf({ ids: [id], limit: 1 });
      if (found.length === 0) throw new Open311Error(404, `service_request_id "${id}" not found`);
      return found;
    },
  );
};

/** An API key limited to some sources or categories may report only those (as over POST /api/events). */
function keyScopeProblem(p: Principal, category: string): string | null {
  if (p.kind !== 'apikey') return null;
  const { sources, categories, name } = p.key;
  if (sources.length > 0 && !sources.includes('open311'))
    return `API key "${name}" may not report as open311`;
  if (categories.length > 0 && !categories.includes(category))
    return `API key "${name}" may not report ${category} events`;
  return null;
}

function isMessage(value: unknown): value is { message: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}
