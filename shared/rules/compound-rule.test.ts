import { describe, expect, it } from 'vitest';
import { makeEvent } from '../../tests/fixtures/events';
import { only, pathOf, RuleTimeline, rulesConfig } from '../../tests/fixtures/rule-timeline';

const waterlogging = (id: string, t: number, micro = 'm1') =>
  makeEvent(id, {
    category: 'emergency',
    subcategory: 'waterlogging',
    grid: pathOf(micro),
    receivedAt: t,
    updatedAt: t,
  });

describe('compound rule on a scripted timeline', () => {
  it('merges waterlogging reports, a rain warning and congestion in one community into one incident', () => {
    const config = rulesConfig(
      only('compound', (c) => {
        c.rules.traffic.enabled = true;
        c.rules.compound.patterns[0]!.minMembers = 3;
      }),
    );
    const tl = new RuleTimeline(config);
    tl.feed([waterlogging('w1', tl.now), waterlogging('w2', tl.now, 'm2'), waterlogging('w3', tl.now, 'm3')]);
    tl.state.warnings = [
      {
        id: 'rain-1',
        type: 'rain',
        headline: '暴雨橙色预警',
        districtIds: ['d1'],
        from: tl.now,
        to: tl.now + 6 * 3_600_000,
      },
    ];
    tl.evaluate();
    expect(tl.alert('compound:flood-traffic:c1')).toBeUndefined(); // no congestion yet
    tl.state.traffic = { at: tl.now, districtTpi: { d1: 7 }, heavySegments: [], parkingOccupancy: {} };
    tl.advance(10).evaluate();
    tl.state.traffic = { ...tl.state.traffic, at: tl.now };
    tl.advance(5).evaluate();
    const incident = tl.alert('compound:flood-traffic:c1');
    expect(incident).toMatchObject({
      level: 'orange',
      scope: { level: 'community', gridId: 'c1' },
      eventIds: ['w1', 'w2'],
    });
    expect(incident!.members).toEqual([
      { kind: 'event', id: 'w1', label: '内涝报告' },
      { kind: 'event', id: 'w2', label: '内涝报告' },
      { kind: 'warning', id: 'rain-1', label: '暴雨预警' },
      { kind: 'alert', id: 'traffic:tpi:d1', label: '交通拥堵' },
    ]);
    // c2 has one report only (min 2), so no incident there.
    expect(tl.alert('compound:flood-traffic:c2')).toBeUndefined();
    // Thirty minutes after the reports the incident no longer holds; it resolves after the hysteresis.
    tl.advance(16).evaluate();
    tl.advance(10).evaluate();
    expect(tl.actions('compound:flood-traffic:c1')).toEqual(['raise:orange', 'resolve:orange']);
  });
});

describe('compound rule memory', () => {
  it('keeps no more than its widest window of events, even while disabled and never evaluated', () => {
    const tl = new RuleTimeline(rulesConfig(only('surge')));
    expect(tl.state.config.rules.compound.enabled).toBe(false);
    const window = tl.state.config.rules.compound.patterns[0]!.windowMinutes;
    const kept = () => [...tl.state.compound.byCommunity.values()].reduce((n, c) => n + c.events.length, 0);
    // One waterlogging report a minute for ten windows, in one community.
    for (let i = 0; i < window * 10; i++) {
      tl.feed([waterlogging(`w${i}`, tl.now)]).advance(1);
      if (i < window) expect(kept()).toBe(i + 1);
    }
    expect(kept()).toBeLessThanOrEqual(window + 1);
  });

  it('keeps only the fields it reads of each event, not the whole report', () => {
    const tl = new RuleTimeline(rulesConfig(only('compound')));
    tl.feed([waterlogging('w1', tl.now)]);
    const [kept] = [...tl.state.compound.byCommunity.values()].flatMap((c) => c.events);
    expect(Object.keys(kept!).sort()).toEqual(['category', 'grid', 'id', 'receivedAt', 'subcategory']);
  });
});
