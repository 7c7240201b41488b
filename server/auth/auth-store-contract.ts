import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuthStore } from './auth-store';
import { bootstrapAuth } from './bootstrap';

/** One fresh, empty database for one test. `open` may be called more than once: each is an instance. */
export interface AuthBackend {
  open(): Promise<AuthStore>;
  /** A DATA_DIR of its own for each instance (bootstrap writes its secrets there). */
  dataDir(): string;
  cleanup(): Promise<void>;
}

/**
 * The AuthStore contract, run against SQLite and PostgreSQL. `enabled` false skips the suite (a
 * missing service, announced by the caller). `shared` says whether two opens see one database (true
 * for PostgreSQL); the cross-instance cases run only then.
 */
export function describeAuthStoreContract(
  name: string,
  backend: () => Promise<AuthBackend>,
  options: { enabled?: boolean; shared?: boolean } = {},
): void {
  describe.runIf(options.enabled ?? true)(`${name} auth store (contract)`, () => {
    let db: AuthBackend;
    let store: AuthStore;
    const others: AuthStore[] = [];
    beforeEach(async () => {
      db = await backend();
      store = await db.open();
    });
    afterEach(async () => {
      store.close();
      for (const o of others.splice(0)) o.close();
      await db.cleanup();
    });

    it('creates users, finds them by name with their hash, lists and disables them', () => {
      expect(store.countUsers()).toBe(0);
      const u = store.createUser(
        { username: 'li.wei', passwordHash: 'h1', role: 'operator', district: 'D03' },
        1,
      );
      expect(u).toEqual({ id: u.id, username: 'li.wei', role: 'operator', district: 'D03', disabled: false });
      expect(store.userWithHash('li.wei')).toEqual({ ...u, passwordHash: 'h1' });
      expect(store.userWithHash('nobody')).toBeNull();
      expect(() =>
        store.createUser({ username: 'li.wei', passwordHash: 'h2', role: 'admin', district: null }, 2),
      ).toThrow();
      const v = store.createUser({ username: 'zhang', passwordHash: 'h3', role: 'admin', district: null }, 3);
      expect(store.listUsers().map((x) => x.username)).toEqual(['li.wei', 'zhang']);
      expect(store.countUsers()).toBe(2);
      expect(store.setUserDisabled(v.id, true)).toBe(true);
      expect(store.listUsers()[1]!.disabled).toBe(true);
      expect(store.setUserDisabled(999_999, true)).toBe(false);
    });

    it('resolves a session until it expires, its user is disabled or it is deleted', () => {
      const u = store.createUser({ username: 'a', passwordHash: 'h', role: 'operator', district: null }, 1);
      store.createSession('s1', u.id, 10, 100);
      expect(store.sessionUser('s1', 50)?.username).toBe('a');
      expect(store.sessionUser('s1', 100)).toBeNull();
      expect(store.sessionUser('nope', 50)).toBeNull();
      store.setUserDisabled(u.id, true);
      expect(store.sessionUser('s1', 50)).toBeNull();
      store.setUserDisabled(u.id, false);
      store.deleteSession('s1');
      expect(store.sessionUser('s1', 50)).toBeNull();
    });

    it('revokes display tokens and API keys once; revoked ones are not found', () => {
      const t = store.createDisplayToken('wall-1', 'th', 'district:D03', 5);
      expect(store.displayToken('th')).toEqual(t);
      const k = store.createApiKey(
        { name: 'hotline', permissions: ['events:ingest'], sources: ['hotline-12345'], categories: [] },
        'kh',
        6,
      );
      expect(store.apiKey('kh')).toEqual(k);
      expect(store.listDisplayTokens()).toEqual([t]);
      expect(store.listApiKeys()).toEqual([k]);
      expect(store.revokeDisplayToken(t.id, 7)).toBe(true);
      expect(store.revokeDisplayToken(t.id, 8)).toBe(false);
      expect(store.revokeApiKey(k.id, 7)).toBe(true);
      expect(store.revokeApiKey(k.id, 8)).toBe(false);
      expect(store.displayToken('th')).toBeNull();
      expect(store.apiKey('kh')).toBeNull();
      expect(store.listDisplayTokens()[0]!.revokedAt).toBe(7);
      expect(store.listApiKeys()[0]!.revokedAt).toBe(7);
    });

    it('chains the audit log: every link verifies, entries come back newest first', () => {
      expect(store.verifyAudit()).toBeNull();
      for (let i = 0; i < 5; i++)
        store.audit({
          at: 1000 + i,
          actor: 'user:王',
          action: 'x',
          target: `t${i}`,
          detail: { i, 名: '值' },
        });
      expect(store.verifyAudit()).toBeNull();
      const entries = store.auditEntries(10);
      expect(entries.map((e) => e.target)).toEqual(['t4', 't3', 't2', 't1', 't0']);
      expect(entries[0]).toMatchObject({ at: 1004, actor: 'user:王', detail: { i: 4, 名: '值' } });
    });

    it('bootstraps an admin and a wall token on the first start only', async () => {
      const first = await bootstrapAuth(store, db.dataDir(), 1);
      expect(first.adminPassword).toMatch(/^[A-Za-z0-9]{20}$/);
      expect(first.wallToken).toMatch(/^dsp_/);
      const again = await bootstrapAuth(store, db.dataDir(), 2);
      expect(again.adminPassword).toBeNull();
      expect(store.countUsers()).toBe(1);
      expect(store.listDisplayTokens()).toHaveLength(1);
    });

    it.runIf(options.shared)(
      'is one store for every instance: sessions, revocations, one audit chain',
      async () => {
        const b = await db.open();
        others.push(b);
        const u = store.createUser({ username: 'a', passwordHash: 'h', role: 'operator', district: null }, 1);
        store.createSession('s1', u.id, 10, 100);
        expect(b.sessionUser('s1', 50)?.username).toBe('a');
        const t = b.createDisplayToken('wall', 'th', 'city', 1);
        expect(store.displayToken('th')?.id).toBe(t.id);
        store.revokeDisplayToken(t.id, 2);
        expect(b.displayToken('th')).toBeNull();
        for (let i = 0; i < 40; i++)
          (i % 2 ? store : b).audit({ at: i, actor: 'x', action: 'y', target: `${i}`, detail: {} });
        expect(store.verifyAudit()).toBeNull();
        expect(b.auditEntries(100)).toHaveLength(40);
      },
    );

    it.runIf(options.shared)('bootstraps once when several instances start together', async () => {
      const more = await Promise.all([db.open(), db.open(), db.open()]);
      others.push(...more);
      const results = await Promise.all(
        [store, ...more].map((s, i) => bootstrapAuth(s, db.dataDir(), i + 1)),
      );
      expect(results.filter((r) => r.adminPassword !== null)).toHaveLength(1);
      expect(results.filter((r) => r.wallToken !== null)).toHaveLength(1);
      expect(store.countUsers()).toBe(1);
      expect(store.listDisplayTokens()).toHaveLength(1);
      expect(store.auditEntries(10)).toHaveLength(2);
      expect(store.verifyAudit()).toBeNull();
    });
  });
}
