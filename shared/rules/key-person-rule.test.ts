import { describe, expect, it } from 'vitest';
import { makeEvent } from '../../tests/fixtures/events';
import { only, pathOf, RuleTimeline, rulesConfig } from '../../tests/fixtures/rule-timeline';

describe('key-person rule on a scripted timeline', () => {
  it('raises at once for an event with a key person, without personal data, and resolves when it closes', () => {
    const config = rulesConfig(
      only('key-person', (c) => {
        c.rules['key-person'].policy = { clearMinutes: 0 };
      }),
    );
    const tl = new RuleTimeline(config);
    const e = makeEvent('kp-1', {
      category: 'stability',
      subcategory: 'petition',
      keyPerson: true,
      grid: pathOf('m2'),
      reporter: { name: '张三', phone: '13800001234' },
    });
    tl.feed([e, makeEvent('plain', { grid: pathOf('m2') })]);
    const [raised] = tl.evaluate();
    expect(raised!.alert).toMatchObject({
      key: 'key-person:kp-1',
      level: 'orange',
      keyPerson: true,
      scope: { level: 'full', gridId: 'f1' },
      eventIds: ['kp-1'],
    });
    expect(JSON.stringify(raised!.alert)).not.toMatch(/张三|13800001234/);
    // Updates to the same event dedupe into the same alert.
    tl.feed([{ ...e, status: 'accepted', version: 2 }]);
    expect(tl.advance(1).evaluate()).toEqual([]);
    tl.feed([{ ...e, status: 'closed', version: 9 }]);
    tl.advance(1).evaluate();
    expect(tl.actions('key-person:kp-1')).toEqual(['raise:orange', 'resolve:orange']);
  });
});
