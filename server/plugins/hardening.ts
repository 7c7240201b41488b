import { STATUS_CODES } from 'node:http';
import compress from '@fastify/compress';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyError, FastifyInstance } from 'fastify';

/**
 * Security headers, rate limits and error hygiene. The CSP allows only this origin; MapLibre's worker
 * is a same-origin module, deck.gl and MapLibre need blob: workers and images, React and MapLibre set
 * inline styles. Errors never carry stack traces to the client.
 */
export async function registerHardening(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        childSrc: ["'self'", 'blob:'],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        connectSrc: ["'self'", 'ws:', 'wss:', 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    // Plain HTTP on a command-centre LAN is common; HSTS belongs on the TLS proxy in front.
    hsts: false,
  });
  // Compress what is worth it (the client bundle, the grid topology, snapshots over HTTP): a wall on a
  // slow link starts in a fraction of the bytes. Below 1 KB the framing costs more than it saves.
  // gzip only: brotli at its default quality is too slow for responses made per request.
  await app.register(compress, { threshold: 1024, encodings: ['gzip', 'deflate'] });
  // Limits are per route (login, ingest); everything else is unlimited.
  await app.register(rateLimit, { global: false });
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    if (status >= 500) req.log.error({ err }, 'request failed');
    const message = status >= 500 ? 'internal error; see the server log' : err.message;
    return reply.code(status).send({
      statusCode: status,
      error: STATUS_CODES[status] ?? 'Error',
      message,
    });
  });
}
