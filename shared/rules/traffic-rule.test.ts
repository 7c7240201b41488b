import { describe, expect, it } from 'vitest';
import { only, RuleTimeline, rulesConfig } from '../../tests/fixtures/rule-timeline';

describe('traffic rule on a scripted timeline', () => {
  it('raises for district TPI ≥ 6 held 10 minutes, escalates with TPI, resolves when it eases', () => {
    const tl = new RuleTimeline(rulesConfig(only('traffic')));
    const key = 'traffic:tpi:d1';
    const tpi = (value: number) => {
      tl.state.traffic = { at: tl.now, districtTpi: { d1: value }, heavySegments: [], parkingOccupancy: {} };
      tl.evaluate();
    };
    tpi(6.2);
    tl.advance(5);
    tpi(6.5);
    expect(tl.alert(key)).toBeUndefined();
    tl.advance(5);
    tpi(6.4);
    expect(tl.alert(key)).toMatchObject({ level: 'blue', scope: { level: 'district', gridId: 'd1' } });
    expect(tl.alert(key)!.description).toBe('片区d1交通指数6.4，持续10分钟以上处于拥堵');
    tl.advance(1);
    tpi(8.3);
    expect(tl.alert(key)!.level).toBe('orange');
    // A dip under 6 restarts the 10 minutes; the alert clears after the hysteresis.
    tl.advance(1);
    tpi(5.0);
    tl.advance(10);
    tpi(6.1);
    expect(tl.alert(key)).toBeUndefined();
    expect(tl.actions(key)).toEqual(['raise:blue', 'escalate:orange', 'resolve:orange']);
  });

  it('raises for heavy congestion on main roads only and for parking at 95 %', () => {
    const tl = new RuleTimeline(rulesConfig(only('traffic')));
    tl.state.traffic = {
      at: tl.now,
      districtTpi: {},
      heavySegments: ['R1', 'R2', 'R404'],
      parkingOccupancy: { P1: 0.96 },
    };
    tl.evaluate();
    expect([...tl.book.active.keys()].sort()).toEqual(['traffic:parking:P1', 'traffic:segment:R1']);
    expect(tl.alert('traffic:parking:P1')).toMatchObject({ level: 'blue', title: '政府停车场车位紧张' });
    // A feed that goes silent for 10 minutes no longer counts.
    tl.advance(11).evaluate();
    tl.advance(10).evaluate();
    expect(tl.book.active.size).toBe(0);
  });
});
