import { randomBytes } from 'node:crypto';
import net from 'node:net';
import pg from 'pg';

/** The PostgreSQL and Redis the service tests use (the machine's own unless overridden). */
export const TEST_PG_URL = process.env.CITY_BRAIN_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env.CITY_BRAIN_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export type Service = 'postgres' | 'redis';

async function pgUp(): Promise<string | null> {
  const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (err) {
    return `PostgreSQL at ${TEST_PG_URL}: ${(err as Error).message}`;
  } finally {
    await client.end().catch(() => {});
  }
}

function redisUp(): Promise<string | null> {
  const url = new URL(TEST_REDIS_URL);
  return new Promise((resolve) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port || 6379) });
    const done = (problem: string | null) => {
      socket.destroy();
      resolve(problem);
    };
    socket.setTimeout(2_000, () => done(`Redis at ${TEST_REDIS_URL}: no answer in 2 s`));
    socket.on('error', (err) => done(`Redis at ${TEST_REDIS_URL}: ${err.message}`));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) =>
      done(d.toString().startsWith('+PONG') ? null : `Redis answered ${d.toString()}`),
    );
  });
}

/**
 * Whether the services a test file needs answer. When one does not, the file's tests are skipped
 * with a loud warning, unless CITY_BRAIN_REQUIRE_SERVICES is set (CI), where that is an error.
 */
export async function servicesAvailable(what: string, needs: readonly Service[]): Promise<boolean> {
  const problems = (await Promise.all(needs.map((s) => (s === 'postgres' ? pgUp() : redisUp())))).filter(
    (p): p is string => p !== null,
  );
  if (problems.length === 0) return true;
  if (process.env.CITY_BRAIN_REQUIRE_SERVICES) {
    throw new Error(
      `${what} needs ${needs.join(' and ')} (CITY_BRAIN_REQUIRE_SERVICES is set): ${problems.join('; ')}`,
    );
  }
  console.warn(
    `\n!!! SKIPPING ${what}: ${problems.join('; ')}\n!!! (set CITY_BRAIN_REQUIRE_SERVICES=1 to make this a failure)\n`,
  );
  return false;
}

/** A fresh schema name, so concurrent test files and runs never share tables. */
export function testSchemaName(prefix = 'cb_test'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/** TEST_PG_URL pointing at `schema` (created by the store on first open). */
export function pgUrlFor(schema: string): string {
  const url = new URL(TEST_PG_URL);
  url.searchParams.set('schema', schema);
  return url.toString();
}

/** Drops a test schema and everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
