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
  it('counts from the city, not from the first report: a bogus first position changes nothing', () => {
    const tl = new RuleTimeline(rulesConfig(only('repeat')));
    // (0,0) is 13,000 km from the city; before, it anchored the cells and the city shared edge cells.
    tl.feed([makeEvent('bogus', { category: 'emergency', lon: 0, lat: 0, receivedAt: tl.now })]);
    tl.feed([near('r1', tl.now), near('r2', tl.now, 40, 10), near('r3', tl.now, -30, 20)]);
    // Reports 5 km apart in the city must not be merged into one cell.
    tl.feed([near('a1', tl.now, 5000, 0), near('a2', tl.now, 5000, 4000)]);
    tl.evaluate();
    expect([...tl.book.active.values()].map((a) => [a.rule, a.count, a.eventIds.sort()])).toEqual([
      ['repeat', 3, ['r1', 'r2', 'r3']],
    ]);
  });

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

  it('in a storm, a red cluster takes further reports near its centre as evidence, then expires', () => {
    const tl = new RuleTimeline(rulesConfig(only('repeat')));
    tl.feed(
      Array.from({ length: 12 }, (_, i) => near(`s${i}`, tl.now, (i % 4) * 10, Math.floor(i / 4) * 10)),
    );
    tl.evaluate();
    const [alert] = [...tl.book.active.values()];
    expect(alert).toMatchObject({ level: 'red', count: 12 });
    // Two more close by, one 200 m off, one 2 km off and one of another category.
    tl.advance(1).feed([
      near('n1', tl.now, 5, 5),
      near('n2', tl.now, -20, 0),
      near('n3', tl.now, 200, 0),
      near('far', tl.now, 2000, 0),
      near('other', tl.now, 5, 5, 'urban'),
    ]);
    tl.evaluate();
    expect(tl.book.active.size).toBe(1);
    const now = tl.alert(alert!.key)!;
    expect(now).toMatchObject({ level: 'red', count: 14 });
    expect(now.eventIds).toEqual(expect.arrayContaining(['n1', 'n2']));
    expect(now.eventIds).not.toContain('far');
    expect(now.eventIds).not.toContain('other');
    // Nothing new: the same signal, no update.
    tl.advance(1);
    expect(tl.evaluate()).toEqual([]);
    // Past 30 minutes after the first reports the first twelve leave the window: recounted, the three
    // later ones (n3 is 200 m off the others) are under blue's count, so the cluster is gone.
    tl.advance(29);
    tl.evaluate();
    tl.advance(11);
    tl.evaluate();
    expect(tl.actions(alert!.key)).toEqual(['raise:red', 'resolve:red']);
  });

  it("hands a red cluster's new evidence over at most every 10 s, counting every report", () => {
    const tl = new RuleTimeline(rulesConfig(only('repeat')));
    tl.feed(
      Array.from({ length: 12 }, (_, i) => near(`s${i}`, tl.now, (i % 4) * 10, Math.floor(i / 4) * 10)),
    );
    tl.evaluate();
    const [alert] = [...tl.book.active.values()];
    const second = (n: number) => {
      tl.now += n * 1000;
    };
    second(2);
    tl.feed([near('a1', tl.now, 5, 5)]);
    expect(tl.evaluate()).toEqual([]);
    second(3);
    tl.feed([near('a2', tl.now, 6, 6), near('a3', tl.now, 7, 7)]);
    expect(tl.evaluate()).toEqual([]);
    expect(tl.alert(alert!.key)!.count).toBe(12);
    second(5);
    const [update] = tl.evaluate();
    expect(update!.alert).toMatchObject({ count: 15, level: 'red', version: 2 });
    expect(update!.alert.eventIds).toEqual(expect.arrayContaining(['a1', 'a2', 'a3']));
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
