import pg from 'pg';
import { lockKey } from '../scale/leader-lease';
import { openSyncPg, type SyncPg } from '../scale/sync-pg';
import { pgTarget } from '../store/pg-connection';
import type { AuditEntry, AuthStore, User } from './auth-store';
import { apiKeyColumns, auditHash, GENESIS, keyOf, tokenOf } from './auth-store';

// biome-ignore lint/suspicious/noExplicitAny: rows are untyped; each is mapped to a typed object below.
type Row = any;

const userOf = (r: Row): User => ({
  id: r.id,
  username: r.username,
  role: r.role,
  district: r.district,
  disabled: r.disabled,
});

/**
 * The AuthStore in the shared PostgreSQL (migration 4 of the PostgreSQL store, which must have run:
 * open the PgStore first), so that a session, token or key made on one instance works on every
 * instance and a revocation holds on all of them at once: every lookup asks the database. The
 * interface is synchronous (it is asked on every request): each call is one blocking round trip on a
 * worker thread (server/scale/sync-pg.ts). The audit chain is one chain for all instances: each
 * append locks the table, reads the last hash and computes the new one inside PostgreSQL, in one
 * transaction.
 *
 * While PostgreSQL is away (`reachable()` false, or a call fails) the store does not block: writes
 * and lists throw an error carrying HTTP status 503, and the credential lookups answer from what this
 * instance last saw valid within OUTAGE_GRACE_MS (unknown credentials are refused), so screens and
 * officers already signed in keep their picture; no revocation can be recorded meanwhile anyway.
 */
export async function openPgAuthStore(
  url: string,
  shared?: SyncPg,
  options: { reachable?: () => boolean } = {},
): Promise<AuthStore> {
  const { config, schema } = pgTarget(url);
  const db = shared ?? openSyncPg(config);
  try {
    await db.ready();
  } catch (err) {
    await db.close();
    throw err;
  }
  return pgAuthStore(guarded(db, options.reachable ?? (() => true)), config, schema);
}

/** How long a credential seen valid is still honoured while PostgreSQL is away. */
export const OUTAGE_GRACE_MS = 10 * 60_000;
const REMEMBERED_MAX = 10_000;

/** An error Fastify answers with 503 (its `statusCode`). */
function unavailable(cause?: unknown): Error {
  const reason = cause instanceof Error ? `: ${cause.message}` : '';
  return Object.assign(new Error(`the accounts database is unreachable${reason}`), { statusCode: 503 });
}

/** Fails fast (no blocking) while `reachable()` says PostgreSQL is away; any failure becomes a 503 error. */
function guarded(db: SyncPg, reachable: () => boolean): SyncPg {
  const wrap =
    <A extends unknown[], R>(f: (...args: A) => R) =>
    (...args: A): R => {
      if (!reachable()) throw unavailable();
      try {
        return f(...args);
      } catch (err) {
        // A database's refusal (a constraint) stays what it is; a lost connection or timeout is a 503.
        if (/did not answer|connect|terminat|ECONN|closed/i.test((err as Error).message))
          throw unavailable(err);
        throw err;
      }
    };
  return { ...db, query: wrap(db.query) as SyncPg['query'], transaction: wrap(db.transaction) };
}

function pgAuthStore(db: SyncPg, config: pg.ClientConfig, schema: string): AuthStore {
  const one = <T>(sql: string, params: unknown[] = []): T | undefined => db.query<T>(sql, params)[0];
  // Credentials last seen valid (by token hash), for answering while the database is away.
  const remembered = new Map<string, { value: unknown; seenAt: number; expiresAt: number }>();
  const lookup = <T>(key: string, ask: () => { value: T; expiresAt: number } | null): T | null => {
    try {
      const found = ask();
      remembered.delete(key);
      if (!found) return null;
      if (remembered.size >= REMEMBERED_MAX) remembered.delete(remembered.keys().next().value!);
      remembered.set(key, { value: found.value, seenAt: Date.now(), expiresAt: found.expiresAt });
      return found.value;
    } catch {
      const last = remembered.get(key);
      const now = Date.now();
      if (!last || now - last.seenAt > OUTAGE_GRACE_MS || now >= last.expiresAt) return null;
      return last.value as T;
    }
  };
  return {
    countUsers: () => one<{ n: number }>('SELECT count(*)::int8 AS n FROM users')!.n,
    createUser(u, at) {
      const r = one<{ id: number }>(
        `INSERT INTO users (username, password_hash, role, district, created_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [u.username, u.passwordHash, u.role, u.district, at],
      )!;
      return { id: r.id, username: u.username, role: u.role, district: u.district, disabled: false };
    },
    userWithHash(username) {
      const r = one<Row>('SELECT * FROM users WHERE username = $1', [username]);
      return r ? { ...userOf(r), passwordHash: r.password_hash } : null;
    },
    listUsers: () => db.query<Row>('SELECT * FROM users ORDER BY id').map(userOf),
    setUserDisabled: (id, disabled) =>
      db.query('UPDATE users SET disabled = $1 WHERE id = $2 RETURNING id', [disabled, id]).length === 1,
    createSession(tokenHash, userId, at, expiresAt) {
      db.query('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [
        tokenHash,
        userId,
        at,
        expiresAt,
      ]);
    },
    sessionUser: (tokenHash, now) =>
      lookup(`ses:${tokenHash}`, () => {
        const r = one<Row>(
          `SELECT u.*, s.expires_at AS session_expires_at FROM sessions s JOIN users u ON u.id = s.user_id
           WHERE s.token_hash = $1 AND s.expires_at > $2 AND NOT u.disabled`,
          [tokenHash, now],
        );
        return r ? { value: userOf(r), expiresAt: r.session_expires_at as number } : null;
      }),
    deleteSession(tokenHash) {
      db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
    },
    createDisplayToken(name, tokenHash, scope, at) {
      const r = one<{ id: number }>(
        'INSERT INTO display_tokens (name, token_hash, scope, created_at) VALUES ($1, $2, $3, $4) RETURNING id',
        [name, tokenHash, scope, at],
      )!;
      return { id: r.id, name, scope, createdAt: at, revokedAt: null };
    },
    displayToken: (tokenHash) =>
      lookup(`dsp:${tokenHash}`, () => {
        const r = one<Row>('SELECT * FROM display_tokens WHERE token_hash = $1 AND revoked_at IS NULL', [
          tokenHash,
        ]);
        return r ? { value: tokenOf(r), expiresAt: Number.POSITIVE_INFINITY } : null;
      }),
    listDisplayTokens: () => db.query<Row>('SELECT * FROM display_tokens ORDER BY id').map(tokenOf),
    revokeDisplayToken: (id, at) =>
      db.query(
        'UPDATE display_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL RETURNING id',
        [at, id],
      ).length === 1,
    createApiKey(k, keyHash, at) {
      const r = one<{ id: number }>(
        `INSERT INTO api_keys (name, key_hash, permissions, sources, categories, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        apiKeyColumns(k, keyHash, at),
      )!;
      return { ...k, id: r.id, createdAt: at, revokedAt: null };
    },
    apiKey: (keyHash) =>
      lookup(`key:${keyHash}`, () => {
        const r = one<Row>('SELECT * FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL', [keyHash]);
        return r ? { value: keyOf(r), expiresAt: Number.POSITIVE_INFINITY } : null;
      }),
    listApiKeys: () => db.query<Row>('SELECT * FROM api_keys ORDER BY id').map(keyOf),
    revokeApiKey: (id, at) =>
      db.query('UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL RETURNING id', [
        at,
        id,
      ]).length === 1,
    audit(e: AuditEntry) {
      // The same text auditHash() hashes (prev, at, actor, action, target, detail: one per line), so
      // verifyAudit() and the SQLite log check it the same way.
      db.transaction([
        { sql: 'LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE' },
        {
          sql: `INSERT INTO audit_log (at, actor, action, target, detail, prev_hash, hash)
                SELECT $1::int8, $2, $3, $4, $5, p.h,
                  encode(sha256(convert_to(p.h || E'\\n' || $6 || E'\\n' || $2 || E'\\n' || $3 || E'\\n' || $4
                    || E'\\n' || $5, 'UTF8')), 'hex')
                FROM (SELECT coalesce((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), $7) AS h) p`,
          params: [e.at, e.actor, e.action, e.target, JSON.stringify(e.detail), String(e.at), GENESIS],
        },
      ]);
    },
    auditEntries: (limit) =>
      db.query<Row>('SELECT * FROM audit_log ORDER BY id DESC LIMIT $1', [limit]).map((r) => ({
        id: r.id,
        at: r.at,
        actor: r.actor,
        action: r.action,
        target: r.target,
        detail: JSON.parse(r.detail),
      })),
    verifyAudit() {
      let prev = GENESIS;
      let after = 0;
      // In pages, so a long log never sits in memory (or one message) whole.
      for (;;) {
        const rows = db.query<Row>('SELECT * FROM audit_log WHERE id > $1 ORDER BY id LIMIT 5000', [after]);
        if (rows.length === 0) return null;
        for (const r of rows) {
          const entry = {
            at: r.at,
            actor: r.actor,
            action: r.action,
            target: r.target,
            detail: JSON.parse(r.detail),
          };
          if (r.prev_hash !== prev || r.hash !== auditHash(prev, entry)) return r.id as number;
          prev = r.hash;
          after = r.id;
        }
      }
    },
    async exclusive(work) {
      // A session advisory lock on a connection of its own: released on unlock, or when it drops.
      const client = new pg.Client(config);
      await client.connect();
      const key = lockKey(`${schema}:accounts-bootstrap`);
      try {
        await client.query('SELECT pg_advisory_lock($1)', [key]);
        return await work();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [key]).catch(() => {});
        await client.end().catch(() => {});
      }
    },
    close() {
      void db.close();
    },
  };
}
