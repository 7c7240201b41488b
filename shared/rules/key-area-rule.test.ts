import { describe, expect, it } from 'vitest';
import { only, RuleTimeline, rulesConfig } from '../../tests/fixtures/rule-timeline';
import { recordReading } from './key-area-rule';

describe('key-area rule on a scripted timeline', () => {
  it('maps crowd against capacity to 70/85/95/100 % → IV…I, dedupes, clears with hysteresis', () => {
    const tl = new RuleTimeline(rulesConfig(only('key-area')));
    const crowd = (value: number) =>
      recordReading(tl.state.readings, { areaId: 'K1', kind: 'crowd', value, at: tl.now });
    const key = 'key-area:K1:crowd';
    const levels: (string | undefined)[] = [];
    for (const value of [690, 700, 850, 950, 1000]) {
      crowd(value);
      tl.evaluate();
      levels.push(tl.alert(key)?.level);
      tl.advance(1);
    }
    expect(levels).toEqual([undefined, 'blue', 'yellow', 'orange', 'red']);
    expect(tl.alert(key)!.description).toBe('重点区域客运中心人员聚集超限：当前1000人，容量1000人（100%）');
    // Just under 70 % is inside the 5 % hysteresis margin: still holding. Under 66.5 % it clears.
    crowd(680);
    tl.evaluate();
    expect(tl.alert(key)!.clearSince).toBeNull();
    crowd(600);
    tl.advance(1).evaluate();
    tl.advance(10).evaluate();
    expect(tl.alert(key)).toBeUndefined();
    expect(tl.actions(key)).toEqual([
      'raise:blue',
      'escalate:yellow',
      'escalate:orange',
      'escalate:red',
      'resolve:red',
    ]);
  });

  it('reads water level and smoke against their thresholds and drops stale readings', () => {
    const tl = new RuleTimeline(rulesConfig(only('key-area')));
    recordReading(tl.state.readings, { areaId: 'K1', kind: 'water-level', value: 0.35, at: tl.now });
    recordReading(tl.state.readings, { areaId: 'K1', kind: 'smoke', value: 12, at: tl.now });
    recordReading(tl.state.readings, { areaId: 'nope', kind: 'smoke', value: 99, at: tl.now });
    tl.evaluate();
    expect(tl.alert('key-area:K1:water-level')).toMatchObject({ level: 'yellow', capCategory: 'Met' });
    expect(tl.alert('key-area:K1:smoke')).toMatchObject({
      level: 'orange',
      capCategory: 'Fire',
      certainty: 'Observed',
    });
    expect(tl.book.active.size).toBe(2);
    tl.advance(16).evaluate();
    tl.advance(10).evaluate();
    expect(tl.book.active.size).toBe(0);
  });
});
