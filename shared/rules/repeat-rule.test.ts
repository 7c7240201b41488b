import { describe, expect, it } from 'vitest';
import { makeEvent } from '../../tests/fixtures/events';
import { only, pathOf, RuleTimeline, rulesConfig } from '../../tests/fixtures/rule-timeline';

/** A report about `dx`, `dy` metres from a fixed spot. */
const near = (id: string, t: number, dx = 0, dy = 0, category = 'emergency') =>
  makeEvent(id, {
    category,
    subcategory: 'fire',
    lon: 120.55 + dx / (111_320 * Math.cos((27.55 * Math.PI) / 180)),
    lat: 27.57 + dy / 111_320,
    grid: pathOf('m3'),
    receivedAt: t,
    updatedAt: t,
  });

describe('repeat rule on a scripted timeline', () => {
  it('raises for several reports at nearly the same place, dedupes, escalates, resolves', () => {
    const tl = new RuleTimeline(rulesConfig(only('repeat')));
    tl.feed([near('r1', tl.now), near('r2', tl.now, 40, 10)]);
    tl.evaluate();
    expect(tl.book.active.size).toBe(0);
    tl.advance(2).feed([near('r3', tl.now, -30, 20)]);
    tl.evaluate();
    expect(tl.book.active.size).toBe(1);
    const [alert] = [...tl.book.active.values()];
    expect(alert).toMatchObject({
      rule: 'repeat',
      level: 'blue',
      count: 3,
      scope: { level: 'micro', gridId: 'm3' },
    });
    expect(alert!.eventIds.sort()).toEqual(['r1', 'r2', 'r3']);
    // A far report (2 km away) and another category do not join the cluster.
    tl.advance(1).feed([near('far', tl.now, 2000, 0), near('other', tl.now, 5, 5, 'urban')]);
    tl.evaluate();
    expect(tl.book.active.size).toBe(1);
    tl.advance(1).feed([near('r4', tl.now, 10, -10), near('r5', tl.now, -10, 0)]);
    tl.evaluate();
    expect(tl.alert(alert!.key)).toMatchObject({ level: 'yellow', count: 5 });
    // 30 minutes after the last report the cluster is gone; 10 more and the alert resolves.
    tl.advance(30);
    tl.evaluate();
    tl.advance(10);
    tl.evaluate();
    expect(tl.actions(alert!.key)).toEqual(['raise:blue', 'escalate:yellow', 'resolve:yellow']);
  });

  it('keeps one alert for a cluster that spans neighbouring cells', () => {
    const tl = new RuleTimeline(rulesConfig(only('repeat')));
    // 140 m end to end with 150 m cells: the reports fall in one or two cells, never two alerts.
    tl.feed([-70, -40, -10, 10, 40, 70].map((x, i) => near(`s${i}`, tl.now, x, 0)));
    tl.evaluate();
    expect(tl.book.active.size).toBe(1);
    expect([...tl.book.active.values()][0]!.count).toBe(6);
  });
});
