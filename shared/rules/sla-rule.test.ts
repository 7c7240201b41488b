import { describe, expect, it } from 'vitest';
import { makeEvent } from '../../tests/fixtures/events';
import { only, pathOf, RuleTimeline, rulesConfig } from '../../tests/fixtures/rule-timeline';

const HOUR = 3_600_000;

describe('SLA rule on a scripted timeline', () => {
  it('warns near the deadline, escalates one grid level up when overdue and again while unhandled', () => {
    const tl = new RuleTimeline(
      rulesConfig(
        only('sla', (c) => {
          c.alerts.clearMinutes = 0;
        }),
      ),
    );
    const t0 = tl.now;
    // A 4-hour fire hazard dispatched now: near at 3.2 h, overdue at 4 h, district at 8 h, city at 12 h.
    const e = makeEvent('fire-1', {
      category: 'safety',
      subcategory: 'fire-hazard',
      severity: 'high',
      grid: pathOf('m1'),
      status: 'dispatched',
      version: 4,
      assignee: 'f1 网格队',
      dispatchedAt: t0,
      dueAt: t0 + 4 * HOUR,
    });
    const low = makeEvent('low-1', { ...e, id: 'low-1', severity: 'low' });
    tl.feed([e, low]);
    const key = 'sla:fire-1';
    const seen: string[] = [];
    for (const minutes of [0, 200, 239, 241, 8 * 60 + 1, 12 * 60 + 1]) {
      tl.now = t0 + minutes * 60_000;
      tl.evaluate();
      const a = tl.alert(key);
      seen.push(a ? `${a.level}@${a.scope.level}:${a.scope.gridId}` : '-');
    }
    expect(seen).toEqual([
      '-',
      'blue@full:f1',
      'blue@full:f1',
      'yellow@community:c1',
      'orange@district:d1',
      'red@city:city',
    ]);
    expect(tl.alert(key)!.title).toBe('消防隐患事件超时未办结，升级市级督办');
    expect(tl.alert('sla:low-1')).toBeUndefined(); // under minSeverity
    // Handled: the alert resolves.
    tl.feed([{ ...e, status: 'handled', version: 5 }]);
    tl.advance(1).evaluate();
    expect(tl.actions(key)).toEqual([
      'raise:blue',
      'escalate:yellow',
      'escalate:orange',
      'escalate:red',
      'resolve:red',
    ]);
  });
});
