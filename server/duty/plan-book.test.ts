import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { PlanInstance } from '../../shared/domain/response-plan';
import type { Alert, AlertLevel, AlertStatus } from '../../shared/schemas/alert';
import { loadResponsePlans } from './city-files';
import type { DutyStore } from './duty-store';
import { PlanBook } from './plan-book';

const file = loadResponsePlans(fileURLToPath(new URL('../../data/longgang', import.meta.url)));

/** An in-memory duty store that counts plan reads and write transactions. */
function memoryStore() {
  const plans = new Map<string, PlanInstance>();
  const reads = { n: 0, writes: 0 };
  // As the real stores: written over the stored instance only when made from it.
  const write = (p: PlanInstance) => {
    const stored = plans.get(p.id);
    if (stored && stored.version !== p.version - 1) return false;
    plans.set(p.id, structuredClone(p));
    return true;
  };
  const store: DutyStore = {
    replaceRoster: () => {},
    roster: () => [],
    rosterSize: () => 0,
    savePlan: (p) => {
      reads.writes++;
      return write(p);
    },
    savePlans: (ps) => {
      reads.writes++;
      return ps.filter((p) => !write(p));
    },
    plan: (id) => structuredClone(plans.get(id) ?? null),
    planOfAlert: (alertId) => {
      reads.n++;
      return structuredClone([...plans.values()].find((p) => p.alertId === alertId) ?? null);
    },
    plans: () => [...plans.values()],
    close: () => {},
  };
  return { store, reads };
}

const alert = (id: string, level: AlertLevel, status: AlertStatus = 'raised') =>
  ({ id, rule: 'repeat', key: `repeat:${id}`, level, status, title: `预警${id}` }) as Alert;

function book(store: DutyStore) {
  const sent: PlanInstance[] = [];
  const plans = new PlanBook({
    store,
    file,
    now: () => 1000,
    liveAlertIds: () => new Set(),
    onError: (err) => {
      throw err;
    },
  });
  plans.broadcast = (p) => sent.push(p);
  return { plans, sent };
}

describe('plan book', () => {
  it('reads the store once per plan level, not on every change of a busy alert', async () => {
    const { store, reads } = memoryStore();
    const { plans, sent } = book(store);
    expect(plans.observe(alert('AL1', 'blue'))).toBeNull();
    expect(reads.n).toBe(0);
    const opened = plans.observe(alert('AL1', 'orange'));
    expect(opened).toMatchObject({ alertId: 'AL1', level: 'orange' });
    expect(reads.n).toBe(1);
    // Written and broadcast right after the synchronous run that opened it.
    expect(sent).toEqual([]);
    await Promise.resolve();
    expect(reads.writes).toBe(1);
    // Count updates at the same level: no reads, nothing new.
    for (let i = 0; i < 5; i++) expect(plans.observe(alert('AL1', 'orange'))).toBeNull();
    expect(reads.n).toBe(1);
    const widened = plans.observe(alert('AL1', 'red'));
    expect(widened).toMatchObject({ level: 'red' });
    expect(widened!.steps.length).toBeGreaterThanOrEqual(opened!.steps.length);
    expect(reads.n).toBe(2);
    plans.observe(alert('AL1', 'red'));
    expect(reads.n).toBe(2);
    await Promise.resolve();
    expect(reads.writes).toBe(2);
    expect(sent.map((p) => p.level)).toEqual(['orange', 'red']);
    expect(plans.get(widened!.id)).toEqual(widened);
  });

  it('opens and widens in one run from the plan not yet written: one write, the widest plan', async () => {
    const { store, reads } = memoryStore();
    const { plans, sent } = book(store);
    plans.observe(alert('AL5', 'orange'));
    plans.observe(alert('AL5', 'red'));
    expect(reads.n).toBe(1);
    await Promise.resolve();
    expect(reads.writes).toBe(1);
    expect(sent.map((p) => p.level)).toEqual(['red']);
  });

  it('writes the plans a pass opens in one transaction, before broadcasting them', async () => {
    const { store, reads } = memoryStore();
    const { plans, sent } = book(store);
    for (let i = 0; i < 50; i++) plans.observe(alert(`AS${i}`, i % 2 ? 'red' : 'orange'));
    expect(sent).toEqual([]);
    await Promise.resolve();
    expect(reads.writes).toBe(1);
    expect(sent).toHaveLength(50);
    expect(store.plans(100)).toHaveLength(50);
    // A read before the flush flushes first.
    plans.observe(alert('AS99', 'red'));
    expect(plans.get('PL-AS99')).toMatchObject({ alertId: 'AS99', level: 'red' });
    expect(reads.writes).toBe(2);
  });

  it('widens from the stored plan, keeping a tick made on another instance', async () => {
    const { store } = memoryStore();
    const leader = book(store);
    const other = book(store);
    const opened = leader.plans.observe(alert('AL2', 'orange'))!;
    await Promise.resolve();
    const step = opened.steps[0]!;
    const ticked = other.plans.tick(opened.id, step.id, { done: true, note: '已核实', actor: 'duty' });
    expect(ticked.ok).toBe(true);
    const widened = leader.plans.observe(alert('AL2', 'red'))!;
    expect(widened.steps.find((s) => s.id === step.id)).toMatchObject({ done: true, note: '已核实' });
  });

  it('forgets an alert once it resolves, and a new instance reads the store afresh', async () => {
    const { store, reads } = memoryStore();
    const { plans } = book(store);
    plans.observe(alert('AL3', 'red'));
    expect(reads.n).toBe(1);
    await Promise.resolve();
    plans.observe(alert('AL3', 'red', 'resolved'));
    // Raised again under the same id (a restart reloading it): the store is asked again, the plan
    // it holds is kept as it is.
    expect(plans.observe(alert('AL3', 'red'))).toBeNull();
    expect(reads.n).toBe(2);
    const fresh = book(store);
    expect(fresh.plans.observe(alert('AL3', 'orange'))).toBeNull();
    expect(reads.n).toBe(3);
    expect(fresh.plans.observe(alert('AL3', 'red'))).toBeNull();
    expect(reads.n).toBe(3);
  });

  it('keeps a tick made on another server between reading a plan and writing it (both ticks stay)', async () => {
    const { store } = memoryStore();
    const a = book(store);
    const b = book(store);
    const opened = a.plans.observe(alert('AL7', 'orange'))!;
    await Promise.resolve();
    const [first, second] = opened.steps.map((s) => s.id);
    // Server B ticks `second` while server A holds the plan it read (before A writes its tick).
    const read = store.plan.bind(store);
    let raced = false;
    store.plan = (id) => {
      const p = read(id);
      if (!raced) {
        raced = true;
        expect(b.plans.tick(id, second!, { done: true, note: 'B', actor: 'user:b' }).ok).toBe(true);
      }
      return p;
    };
    const result = a.plans.tick(opened.id, first!, { done: true, note: 'A', actor: 'user:a' });
    expect(result.ok).toBe(true);
    const stored = read(opened.id)!;
    expect(stored.steps.filter((s) => s.done).map((s) => s.note)).toEqual(['A', 'B']);
    expect(stored.version).toBe(3);
  });

  it('widens the stored plan when it was ticked elsewhere between reading and writing', async () => {
    const { store } = memoryStore();
    const a = book(store);
    const b = book(store);
    const opened = a.plans.observe(alert('AL8', 'orange'))!;
    await Promise.resolve();
    // A reads the plan to widen it (red), then B ticks a step before A's write goes out.
    a.plans.observe(alert('AL8', 'red'));
    expect(b.plans.tick(opened.id, opened.steps[0]!.id, { done: true, note: 'B', actor: 'user:b' }).ok).toBe(
      true,
    );
    await Promise.resolve();
    const stored = store.plan(opened.id)!;
    expect(stored.level).toBe('red');
    expect(stored.steps.length).toBeGreaterThan(opened.steps.length);
    expect(stored.steps.find((s) => s.id === opened.steps[0]!.id)).toMatchObject({ done: true, note: 'B' });
    expect(a.sent.at(-1)).toEqual(stored);
  });
});
