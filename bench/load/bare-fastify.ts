/**
 * Ingest baseline (a child process of bench/ingest.ts): a bare Fastify server whose POST /api/events
 * parses the JSON body (Fastify's default parser, same 2 MiB limit) and answers 204. The HTTP + JSON
 * ceiling of this machine, with nothing validated, located or stored.
 */
import Fastify from 'fastify';
import { reply, serveParent } from '../lib/child';

serveParent(async (m) => {
  if (m.type !== 'listen') return;
  const app = Fastify({ logger: false, bodyLimit: 2 * 1024 * 1024 });
  let events = 0;
  app.post('/api/events', async (req, res) => {
    events += Array.isArray(req.body) ? req.body.length : 1;
    return res.code(204).send();
  });
  app.get('/count', async () => ({ events }));
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  reply({ type: 'listening', url: address });
});
