import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Permission, Role } from '../../shared/auth/permissions';
import { SECONDARY_CACHE_KIB } from '../store/sqlite-connection';
import { statementCache } from '../store/statement-cache';

export interface User {
  id: number;
  username: string;
  role: Role;
  /** A district id when the user may act only there; null for the whole city. */
  district: string | null;
  disabled: boolean;
}

export interface DisplayToken {
  id: number;
  name: string;
  /** What the wall shows: `city`, `district:D03`… */
  scope: string;
  createdAt: number;
  revokedAt: number | null;
}

export interface ApiKey {
  id: number;
  name: string;
  /** What the key may do: `events:ingest` for sources, `metrics:read` for a scraper. */
  permissions: Permission[];
  /** Sources this key may report as, and categories it may report; empty means any. */
  sources: string[];
  categories: string[];
  createdAt: number;
  revokedAt: number | null;
}

export interface AuditEntry {
  at: number;
  actor: string;
  action: string;
  target: string;
  detail: Record<string, unknown>;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL,
  role TEXT NOT NULL, district TEXT, disabled INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS sessions (
  token_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS display_tokens (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, scope TEXT NOT NULL,
  created_at INTEGER NOT NULL, revoked_at INTEGER
) STRICT;
CREATE TABLE IF NOT EXISTS api_keys (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, key_hash TEXT NOT NULL UNIQUE, permissions TEXT NOT NULL,
  sources TEXT NOT NULL, categories TEXT NOT NULL, created_at INTEGER NOT NULL, revoked_at INTEGER
) STRICT;
CREATE TABLE IF NOT EXISTS audit_log (
  id INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL,
  detail TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL
) STRICT;
`;

/**
 * Accounts, sessions, display tokens, API keys and the audit log. Synchronous: it is asked on every
 * request and socket handshake. Two implementations share the contract tests
 * (server/auth/auth-store-contract.ts): SQLite (one instance, DATA_DIR/auth.sqlite) and PostgreSQL
 * (several instances, server/auth/pg-auth-store.ts).
 */
export interface AuthStore {
  countUsers(): number;
  /** Throws when the username is taken. */
  createUser(
    u: { username: string; passwordHash: string; role: Role; district: string | null },
    at: number,
  ): User;
  userWithHash(username: string): (User & { passwordHash: string }) | null;
  listUsers(): User[];
  setUserDisabled(id: number, disabled: boolean): boolean;
  createSession(tokenHash: string, userId: number, at: number, expiresAt: number): void;
  /** The user of a live session (not expired, user not disabled). */
  sessionUser(tokenHash: string, now: number): User | null;
  deleteSession(tokenHash: string): void;
  createDisplayToken(name: string, tokenHash: string, scope: string, at: number): DisplayToken;
  /** An unrevoked display token. */
  displayToken(tokenHash: string): DisplayToken | null;
  listDisplayTokens(): DisplayToken[];
  revokeDisplayToken(id: number, at: number): boolean;
  createApiKey(k: Omit<ApiKey, 'id' | 'createdAt' | 'revokedAt'>, keyHash: string, at: number): ApiKey;
  /** An unrevoked API key. */
  apiKey(keyHash: string): ApiKey | null;
  listApiKeys(): ApiKey[];
  revokeApiKey(id: number, at: number): boolean;
  /** Appends to the audit log, chaining each entry to the previous one by hash (one chain for all writers). */
  audit(e: AuditEntry): void;
  /** Newest first. */
  auditEntries(limit: number): (AuditEntry & { id: number })[];
  /** Recomputes the chain; the id of the first entry whose link is broken, or null if intact. */
  verifyAudit(): number | null;
  /**
   * Runs `work` while no other holder of this store (another instance on the same database) runs
   * theirs: first-start bootstrap happens once across instances starting together.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  close(): void;
}

/** The hash that chains an audit entry to the one before it. */
export function auditHash(prevHash: string, e: AuditEntry): string {
  return createHash('sha256')
    .update(`${prevHash}\n${e.at}\n${e.actor}\n${e.action}\n${e.target}\n${JSON.stringify(e.detail)}`)
    .digest('hex');
}

export const GENESIS = '0'.repeat(64);

// biome-ignore lint/suspicious/noExplicitAny: SQLite rows are untyped; each is mapped to a typed object below.
type Row = any;

/** A display_tokens row (the same columns in SQLite and PostgreSQL) as a DisplayToken. */
export const tokenOf = (r: Row): DisplayToken => ({
  id: r.id,
  name: r.name,
  scope: r.scope,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});

/**
 * An API key's columns in insert order (name, key_hash, permissions, sources, categories, created_at):
 * both stores write them so.
 */
export const apiKeyColumns = (
  k: Omit<ApiKey, 'id' | 'createdAt' | 'revokedAt'>,
  keyHash: string,
  at: number,
) => [
  k.name,
  keyHash,
  JSON.stringify(k.permissions),
  JSON.stringify(k.sources),
  JSON.stringify(k.categories),
  at,
];

/** An api_keys row (JSON lists stored as text in both databases) as an ApiKey. */
export const keyOf = (r: Row): ApiKey => ({
  id: r.id,
  name: r.name,
  permissions: JSON.parse(r.permissions),
  sources: JSON.parse(r.sources),
  categories: JSON.parse(r.categories),
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});

/**
 * Accounts, sessions, display tokens, API keys and the tamper-evident audit log, in their own SQLite
 * file beside the event store (auth.sqlite): secrets never share a backup or a log with events.
 */
export function openAuthStore(file: string): AuthStore {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // Small tables read by key; the driver's 16 MB page cache would only fill with the audit log's pages.
  db.pragma(`cache_size = -${SECONDARY_CACHE_KIB}`);
  db.exec(SCHEMA);
  fs.chmodSync(file, 0o600);

  const userOf = (r: Row): User => ({
    id: r.id,
    username: r.username,
    role: r.role,
    district: r.district,
    disabled: r.disabled === 1,
  });
  // Statements written per call (credential lookups run on every request) are prepared once each.
  const prepare = statementCache(db);
  const lastHash = db.prepare('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1').pluck();
  const insertAudit = db.prepare(
    'INSERT INTO audit_log (at, actor, action, target, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const append = db.transaction((e: AuditEntry) => {
    const prev = (lastHash.get() as string | undefined) ?? GENESIS;
    insertAudit.run(e.at, e.actor, e.action, e.target, JSON.stringify(e.detail), prev, auditHash(prev, e));
  });

  return {
    countUsers: () => prepare('SELECT count(*) FROM users').pluck().get() as number,
    createUser(
      u: { username: string; passwordHash: string; role: Role; district: string | null },
      at: number,
    ): User {
      const info = prepare(
        'INSERT INTO users (username, password_hash, role, district, created_at) VALUES (?, ?, ?, ?, ?)',
      ).run(u.username, u.passwordHash, u.role, u.district, at);
      return {
        id: Number(info.lastInsertRowid),
        username: u.username,
        role: u.role,
        district: u.district,
        disabled: false,
      };
    },
    userWithHash(username: string): (User & { passwordHash: string }) | null {
      const r = prepare('SELECT * FROM users WHERE username = ?').get(username) as Row;
      return r ? { ...userOf(r), passwordHash: r.password_hash } : null;
    },
    listUsers: (): User[] => (prepare('SELECT * FROM users ORDER BY id').all() as Row[]).map(userOf),
    setUserDisabled: (id: number, disabled: boolean): boolean =>
      prepare('UPDATE users SET disabled = ? WHERE id = ?').run(disabled ? 1 : 0, id).changes === 1,
    createSession: (tokenHash: string, userId: number, at: number, expiresAt: number): void => {
      prepare('INSERT INTO sessions VALUES (?, ?, ?, ?)').run(tokenHash, userId, at, expiresAt);
    },
    sessionUser(tokenHash: string, now: number): User | null {
      const r = prepare(
        'SELECT u.* FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0',
      ).get(tokenHash, now) as Row;
      return r ? userOf(r) : null;
    },
    deleteSession: (tokenHash: string): void => {
      prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
    },
    createDisplayToken(name: string, tokenHash: string, scope: string, at: number): DisplayToken {
      const info = prepare(
        'INSERT INTO display_tokens (name, token_hash, scope, created_at) VALUES (?, ?, ?, ?)',
      ).run(name, tokenHash, scope, at);
      return { id: Number(info.lastInsertRowid), name, scope, createdAt: at, revokedAt: null };
    },
    displayToken(tokenHash: string): DisplayToken | null {
      const r = prepare('SELECT * FROM display_tokens WHERE token_hash = ? AND revoked_at IS NULL').get(
        tokenHash,
      );
      return r ? tokenOf(r) : null;
    },
    listDisplayTokens: (): DisplayToken[] =>
      (prepare('SELECT * FROM display_tokens ORDER BY id').all() as Row[]).map(tokenOf),
    revokeDisplayToken: (id: number, at: number): boolean =>
      prepare('UPDATE display_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id)
        .changes === 1,
    createApiKey(k: Omit<ApiKey, 'id' | 'createdAt' | 'revokedAt'>, keyHash: string, at: number): ApiKey {
      const info = prepare(
        'INSERT INTO api_keys (name, key_hash, permissions, sources, categories, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      ).run(...apiKeyColumns(k, keyHash, at));
      return { ...k, id: Number(info.lastInsertRowid), createdAt: at, revokedAt: null };
    },
    apiKey(keyHash: string): ApiKey | null {
      const r = prepare('SELECT * FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL').get(keyHash);
      return r ? keyOf(r) : null;
    },
    listApiKeys: (): ApiKey[] => (prepare('SELECT * FROM api_keys ORDER BY id').all() as Row[]).map(keyOf),
    revokeApiKey: (id: number, at: number): boolean =>
      prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id)
        .changes === 1,
    /** Appends to the audit log, chaining each entry to the previous one by hash. */
    audit: (e: AuditEntry): void => append(e),
    auditEntries: (limit: number): (AuditEntry & { id: number })[] =>
      (prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?').all(limit) as Row[]).map((r) => ({
        id: r.id,
        at: r.at,
        actor: r.actor,
        action: r.action,
        target: r.target,
        detail: JSON.parse(r.detail),
      })),
    /** Recomputes the chain; the id of the first entry whose link is broken, or null if intact. */
    verifyAudit(): number | null {
      let prev = GENESIS;
      for (const r of prepare('SELECT * FROM audit_log ORDER BY id').iterate() as Iterable<Row>) {
        const entry = {
          at: r.at,
          actor: r.actor,
          action: r.action,
          target: r.target,
          detail: JSON.parse(r.detail),
        };
        if (r.prev_hash !== prev || r.hash !== auditHash(prev, entry)) return r.id as number;
        prev = r.hash;
      }
      return null;
    },
    // One process owns the SQLite file: nobody else bootstraps it concurrently.
    exclusive: (work) => work(),
    close: (): void => {
      db.close();
    },
  };
}
