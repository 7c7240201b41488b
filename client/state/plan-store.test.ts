import { describe, expect, it } from 'vitest';
import type { PlanInstance } from '../../shared/domain/response-plan';
import { PlanStore } from './plan-store';

const plan = (id: string, version: number, done: boolean[]): PlanInstance => ({
  id,
  alertId: id.replace('PL-', ''),
  planId: 'surge',
  rule: 'surge',
  level: 'orange',
  name: '事件激增处置预案',
  title: '',
  notify: [],
  steps: done.map((d, i) => ({ id: `s${i}`, text: '', unit: '', done: d, note: '', by: null, at: null })),
  createdAt: version,
  updatedAt: version,
  version,
});

describe('PlanStore', () => {
  it('keeps the newest version of each plan and gives progress per alert', () => {
    const store = new PlanStore();
    store.applySnapshot([plan('PL-A1', 2, [true, false, false])]);
    store.applyChange(plan('PL-A1', 1, [false, false, false]));
    expect(store.getSummary().progressByAlert.get('A1')).toBe('1/3');
    store.applyChange(plan('PL-A1', 3, [true, true, false]));
    expect(store.getSummary().progressByAlert.get('A1')).toBe('2/3');
    expect(store.getSummary().lastOpened).toBeNull();
    store.applyChange(plan('PL-A2', 1, [false]));
    expect(store.getSummary().lastOpened?.id).toBe('PL-A2');
    expect(store.getSummary().plans.map((p) => p.id)).toEqual(['PL-A1', 'PL-A2']);
  });

  it('applies a message of plans with one new summary, opening the last new plan in it', () => {
    const store = new PlanStore();
    store.applySnapshot([plan('PL-A1', 1, [false, false])]);
    let notified = 0;
    store.subscribe(() => notified++);
    store.applyChanges([
      plan('PL-A2', 1, [false]),
      plan('PL-A1', 2, [true, false]),
      plan('PL-A3', 1, [true]),
      plan('PL-A1', 1, [false, false]),
    ]);
    expect(notified).toBe(1);
    const summary = store.getSummary();
    expect(summary.lastOpened?.id).toBe('PL-A3');
    expect(summary.progressByAlert.get('A1')).toBe('1/2');
    expect(summary.progressByAlert.get('A3')).toBe('1/1');
    // Nothing newer than what is held: no new summary.
    store.applyChanges([plan('PL-A2', 1, [true])]);
    expect(notified).toBe(1);
  });
});
