// The worker behind sync-pg.ts: runs each request (one or more statements, in one transaction when
// there are several) on its own pg client, posts the answer, then wakes the waiting main thread.
// Plain JavaScript so it loads in any runtime (tsx, vitest, plain node) without a TypeScript loader.
import { workerData } from 'node:worker_threads';
import pg from 'pg';

const { shared, port, config } = workerData;
const flag = new Int32Array(shared);
const INT8 = 20;
const types = {
  getTypeParser: (oid, format) => (oid === INT8 ? (v) => Number(v) : pg.types.getTypeParser(oid, format)),
};
let client = null;

async function connection() {
  if (client) return client;
  const c = new pg.Client({ ...config, types });
  c.on('error', () => {
    if (client === c) client = null;
  });
  c.on('end', () => {
    if (client === c) client = null;
  });
  await c.connect();
  client = c;
  return c;
}

async function run({ statements }) {
  const c = await connection();
  if (statements.length === 1) return [(await c.query(statements[0].sql, statements[0].params)).rows];
  await c.query('BEGIN');
  try {
    const results = [];
    for (const s of statements) {
      const { rows } = await c.query(s.sql, s.params);
      if (s.expectRows && rows.length === 0) throw new Error(s.expectRows);
      results.push(rows);
    }
    await c.query('COMMIT');
    return results;
  } catch (err) {
    await c.query('ROLLBACK').catch(() => {
      client = null;
      c.end().catch(() => {});
    });
    throw err;
  }
}

port.on('message', async (request) => {
  let answer;
  try {
    answer = { id: request.id, results: await run(request) };
  } catch (err) {
    answer = { id: request.id, error: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(answer);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
