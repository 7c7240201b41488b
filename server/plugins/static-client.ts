import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** The single-page app's routes; each answers with index.html and the client routes itself. */
export const CLIENT_PAGES = ['/wall', '/console', '/report'] as const;

/**
 * Serves the built client from `dir`: hashed assets cached for a year, index.html never cached, so a
 * wall that reloads itself always gets the current build. The build writes each file's .br and .gz
 * beside it (vite.config.ts), sent as they are to a browser that accepts them.
 */
export async function registerStaticClient(app: FastifyInstance, dir: string): Promise<void> {
  const built = fs.existsSync(path.join(dir, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root: dir,
      prefix: '/',
      index: false,
      preCompressed: true,
      // Off, so that setHeaders decides: @fastify/static's own header (max-age=0) replaced it.
      cacheControl: false,
      setHeaders: (res, file) => {
        res.setHeader(
          'cache-control',
          /\.html(\.br|\.gz)?$/.test(file) ? 'no-cache' : 'public, max-age=31536000, immutable',
        );
      },
    });
  }
  const sendIndex = async (_req: unknown, reply: import('fastify').FastifyReply) => {
    if (!built) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send(`The client is not built: run "npm run build" (looked in ${path.basename(dir)}).`);
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  };
  for (const page of CLIENT_PAGES) {
    app.get(page, { schema: { hide: true } }, sendIndex);
    app.get(`${page}/*`, { schema: { hide: true } }, sendIndex);
  }
  app.get('/', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/wall'));
}
