import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { VERSION } from '../version';

/** OpenAPI generated from the route schemas, browsable at /docs (JSON at /docs/json). */
export async function registerApiDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'City brain API',
        description: 'Live grid events, early warnings and traffic for a grid-governed city.',
        version: VERSION,
      },
      tags: [
        { name: 'system', description: 'Health and operations' },
        { name: 'grids', description: 'The grid geography' },
        { name: 'events', description: 'Grid events: ingest, detail, workflow' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
}
