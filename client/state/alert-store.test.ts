import { describe, expect, it } from 'vitest';
import type { Alert } from '../../shared/schemas/alert';
import { AlertStore } from './alert-store';

const alert = (id: string, patch: Partial<Alert> = {}) =>
  ({ id, level: 'blue', status: 'raised', version: 1, updatedAt: 1, ...patch }) as Alert;
const change = (a: Alert) => ({ seq: 1, alert: a, transition: null as never });

describe('client alert store', () => {
  it('orders live alerts by level then recency and drops closed ones', () => {
    const store = new AlertStore();
    store.applySnapshot({
      seq: 3,
      at: 0,
      alerts: [alert('a'), alert('b', { level: 'red' }), alert('c', { status: 'resolved' })],
    });
    store.applyChange(change(alert('d', { level: 'red', updatedAt: 5 })));
    expect(store.getSummary().active.map((a) => a.id)).toEqual(['d', 'b', 'a']);
    store.applyChange(change(alert('d', { status: 'closed', version: 2 })));
    expect(store.alerts.has('d')).toBe(false);
  });

  it('ignores a change older than the state it holds, and older risk updates', () => {
    const store = new AlertStore();
    store.applySnapshot({ seq: 3, at: 0, alerts: [alert('a', { version: 3, level: 'orange' })] });
    store.applyChange(change(alert('a', { version: 2, level: 'blue' })));
    expect(store.alerts.get('a')!.level).toBe('orange');
    store.applyRisk({ at: 10, count: 1, max: 1, scores: [1] });
    store.applyRisk({ at: 5, count: 1, max: 9, scores: [9] });
    expect(store.getSummary().risk!.max).toBe(1);
  });

  it('says it received alerts only once their snapshot came, not on an earlier risk update', () => {
    const store = new AlertStore();
    store.applyRisk({ at: 1, count: 1, max: 1, scores: [1] });
    expect(store.getSummary()).toMatchObject({ received: false, active: [] });
    store.applySnapshot({ seq: 1, at: 2, alerts: [alert('a', { level: 'red' })] });
    expect(store.getSummary().received).toBe(true);
    expect(store.getSummary().active.map((a) => a.id)).toEqual(['a']);
  });

  it('applies a message of many changes with one new summary, newest version winning', () => {
    const store = new AlertStore();
    store.applySnapshot({ seq: 0, at: 0, alerts: [] });
    let notified = 0;
    store.subscribe(() => notified++);
    store.applyChanges([
      ...Array.from({ length: 500 }, (_, i) => change(alert(`a${i}`))),
      change(alert('a1', { version: 3, level: 'red' })),
      change(alert('a1', { version: 2, level: 'yellow' })),
    ]);
    expect(notified).toBe(1);
    expect(store.getSummary().active).toHaveLength(500);
    expect(store.getSummary().active[0]).toMatchObject({ id: 'a1', level: 'red' });
  });
});
