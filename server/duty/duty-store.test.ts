import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PlanInstance } from '../../shared/domain/response-plan';
import type { RosterEntry } from '../../shared/domain/roster';
import { servicesAvailable } from '../../tests/helpers/services';
import { pgBackend, type StoreBackend, sqliteBackend } from '../../tests/helpers/sync-pg-backend';
import { type DutyStore, openDutyStore, openPgDutyStore } from './duty-store';

type Backend = StoreBackend<DutyStore>;

const H = 3_600_000;
const shift = (name: string, start: number, end: number, scope = 'city'): RosterEntry => ({
  scope,
  role: 'officer',
  name,
  phone: '13900001111',
  start,
  end,
});
const plan = (id: string, alertId: string, updatedAt: number, done = false): PlanInstance => ({
  id,
  alertId,
  planId: 'waterlogging-orange',
  rule: 'key-area',
  level: 'orange',
  name: '内涝橙色预案',
  title: '积水',
  notify: ['D03'],
  steps: [
    {
      id: 's1',
      text: '通知',
      unit: '应急管理局',
      done,
      note: '',
      by: done ? 'user:li' : null,
      at: done ? updatedAt : null,
    },
  ],
  createdAt: 1,
  updatedAt,
  version: done ? 2 : 1,
});

/** The DutyStore contract, run against SQLite and PostgreSQL. */
function describeDutyStoreContract(name: string, backend: () => Promise<Backend>, enabled = true) {
  describe.runIf(enabled)(`${name} duty store (contract)`, () => {
    let db: Backend;
    let store: DutyStore;
    beforeEach(async () => {
      db = await backend();
      store = await db.open();
    });
    afterEach(async () => {
      store.close();
      await db.cleanup();
    });

    it('replaces the roster as a whole and finds the shifts overlapping a window, in order', () => {
      expect(store.rosterSize()).toBe(0);
      store.replaceRoster([
        shift('甲', 0, 8 * H),
        shift('乙', 8 * H, 16 * H),
        shift('丙', 16 * H, 24 * H, 'D03'),
      ]);
      expect(store.rosterSize()).toBe(3);
      expect(store.roster(7 * H, 9 * H).map((e) => e.name)).toEqual(['甲', '乙']);
      expect(store.roster(8 * H, 8 * H + 1)).toEqual([shift('乙', 8 * H, 16 * H)]);
      expect(store.roster(24 * H, 25 * H)).toEqual([]);
      store.replaceRoster([shift('丁', 0, 24 * H)]);
      expect(store.roster(0, 24 * H).map((e) => e.name)).toEqual(['丁']);
      store.replaceRoster([]);
      expect(store.rosterSize()).toBe(0);
    });

    it('saves plans, updates them in place, finds them by id and by alert, newest first', () => {
      store.savePlan(plan('P1', 'AL1', 10));
      store.savePlan(plan('P2', 'AL2', 20));
      store.savePlan(plan('P1', 'AL1', 30, true));
      expect(store.plan('P1')).toEqual(plan('P1', 'AL1', 30, true));
      expect(store.planOfAlert('AL2')).toEqual(plan('P2', 'AL2', 20));
      expect(store.plan('nope')).toBeNull();
      expect(store.planOfAlert('nope')).toBeNull();
      expect(store.plans(10).map((p) => p.id)).toEqual(['P1', 'P2']);
      expect(store.plans(1).map((p) => p.id)).toEqual(['P1']);
    });

    it('saves several plans in one call, inserting new ones and updating known ones', () => {
      store.savePlans([]);
      expect(store.plans(10)).toEqual([]);
      store.savePlan(plan('P1', 'AL1', 10));
      store.savePlans([plan('P1', 'AL1', 30, true), plan('P2', 'AL2', 20), plan('P3', 'AL3', 40)]);
      expect(store.plan('P1')).toEqual(plan('P1', 'AL1', 30, true));
      expect(store.planOfAlert('AL3')).toEqual(plan('P3', 'AL3', 40));
      expect(store.plans(10).map((p) => p.id)).toEqual(['P3', 'P1', 'P2']);
    });

    it('writes a plan only over the version it was made from, and says which were not written', () => {
      const v1 = plan('P1', 'AL1', 10);
      const v2 = plan('P1', 'AL1', 20, true);
      expect(store.savePlan(v1)).toBe(true);
      expect(store.savePlan(v2)).toBe(true);
      // Made from version 1 elsewhere, after version 2 was stored: refused, version 2 stays.
      const stale = { ...plan('P1', 'AL1', 30), version: 2, title: 'stale' };
      expect(store.savePlan(stale)).toBe(false);
      expect(store.plan('P1')).toEqual(v2);
      // A brand-new instance never overwrites one another server created first.
      expect(store.savePlan({ ...v1, title: 'late' })).toBe(false);
      const v3 = { ...v2, updatedAt: 40, version: 3 };
      const refused = store.savePlans([v3, stale, plan('P2', 'AL2', 50)]);
      expect(refused).toEqual([stale]);
      expect(store.plan('P1')).toEqual(v3);
      expect(store.plan('P2')).toEqual(plan('P2', 'AL2', 50));
    });

    it('is one roster and one set of plans for every connection on the database', async () => {
      const other = await db.open();
      try {
        store.replaceRoster([shift('甲', 0, 8 * H)]);
        store.savePlan(plan('P1', 'AL1', 10));
        expect(other.roster(0, H).map((e) => e.name)).toEqual(['甲']);
        other.savePlan(plan('P1', 'AL1', 20, true));
        expect(store.plan('P1')?.steps[0]?.done).toBe(true);
      } finally {
        other.close();
      }
    });
  });
}

describeDutyStoreContract('SQLite', sqliteBackend(openDutyStore));

const up = await servicesAvailable('the PostgreSQL duty store contract tests', ['postgres']);

describeDutyStoreContract('PostgreSQL', pgBackend(openPgDutyStore), up);
