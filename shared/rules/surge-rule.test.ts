import { describe, expect, it } from 'vitest';
import { makeEvent } from '../../tests/fixtures/events';
import { only, pathOf, RuleTimeline, rulesConfig } from '../../tests/fixtures/rule-timeline';
import { surgeWarmStart } from './surge-warm-start';

const WEEK = 7 * 86_400_000;
const report = (id: string, micro: string, t: number, category = 'urban') =>
  makeEvent(id, { grid: pathOf(micro), category, receivedAt: t, occurredAt: t, updatedAt: t });

describe('surge rule on a scripted timeline', () => {
  it('warm-starts from history, raises against the hour-of-week baseline, dedupes, escalates, resolves', () => {
    const tl = new RuleTimeline(rulesConfig(only('surge')));
    // Four weeks of history: two urban reports in m1 in this hour of the week, each week → baseline ≈ 2/h.
    const history = [1, 2, 3, 4].flatMap((w) =>
      [0, 1].map((i) => report(`h${w}${i}`, 'm1', tl.now - w * WEEK + 10 * 60_000 + i)),
    );
    surgeWarmStart(tl.state.surge, history, tl.now);
    const key = 'surge:m1:urban';

    tl.advance(1).feed([1, 2, 3, 4, 5].map((i) => report(`a${i}`, 'm1', tl.now)));
    tl.evaluate();
    expect(tl.alert(key)).toBeUndefined(); // 5 in the hour ≈ 2.5× the usual: below blue's 3×

    tl.advance(1).feed([6, 7].map((i) => report(`a${i}`, 'm1', tl.now)));
    tl.evaluate();
    expect(tl.alert(key)).toMatchObject({ level: 'blue', status: 'raised', count: 7 });
    expect(tl.alert(key)!.description).toContain('60分钟内城市管理事件7起');

    tl.advance(1).feed([report('a8', 'm1', tl.now)]);
    tl.evaluate();
    expect(tl.alert(key)).toMatchObject({ level: 'blue', count: 8 });

    tl.advance(1).feed([9, 10, 11].map((i) => report(`a${i}`, 'm1', tl.now)));
    tl.evaluate();
    expect(tl.alert(key)).toMatchObject({ level: 'yellow', count: 11 });

    // The window slides past every report, then the hysteresis runs out.
    tl.advance(60);
    tl.evaluate();
    expect(tl.alert(key)!.clearSince).toBe(tl.now);
    tl.advance(10);
    tl.evaluate();
    expect(tl.alert(key)).toBeUndefined();
    expect(tl.actions(key)).toEqual(['raise:blue', 'escalate:yellow', 'resolve:yellow']);
  });

  it('uses the floor for grids without history and counts each configured level and category apart', () => {
    const tl = new RuleTimeline(rulesConfig(only('surge')));
    tl.feed([1, 2, 3, 4].map((i) => report(`b${i}`, 'm2', tl.now)));
    tl.feed([1, 2, 3].map((i) => report(`c${i}`, 'm2', tl.now, 'safety')));
    tl.evaluate();
    // 4 against a floor of 0.5 an hour is 8×: orange. Three safety reports are under minCount.
    expect(tl.alert('surge:m2:urban')).toMatchObject({
      level: 'orange',
      scope: { level: 'micro', gridId: 'm2', communityId: 'c1' },
    });
    expect(tl.alert('surge:m2:safety')).toBeUndefined();
    expect(tl.alert('surge:c1:urban')).toBeUndefined(); // the community needs 10
    tl.feed([5, 6, 7, 8, 9, 10].map((i) => report(`b${i}`, 'm1', tl.now)));
    tl.evaluate();
    expect(tl.alert('surge:c1:urban')).toMatchObject({
      level: 'red',
      scope: { level: 'community', gridId: 'c1' },
    });
  });

  it('ignores reports too old for the window', () => {
    const tl = new RuleTimeline(rulesConfig(only('surge')));
    tl.feed([1, 2, 3, 4, 5].map((i) => report(`old${i}`, 'm3', tl.now - 2 * 3_600_000)));
    tl.evaluate();
    expect(tl.book.active.size).toBe(0);
  });
});
