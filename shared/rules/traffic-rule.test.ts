import { describe, expect, it } from 'vitest';
import { only, RuleTimeline, rulesConfig, TEST_GEO } from '../../tests/fixtures/rule-timeline';
import type { TrafficGeo } from './traffic-rule';

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
    expect([...tl.book.active.keys()].sort()).toEqual(['traffic:parking:P1', 'traffic:road:R1']);
    expect(tl.alert('traffic:parking:P1')).toMatchObject({ level: 'blue', title: '政府停车场车位紧张' });
    // A feed that goes silent for 10 minutes no longer counts.
    tl.advance(11).evaluate();
    tl.advance(10).evaluate();
    expect(tl.book.active.size).toBe(0);
  });

  it('raises one alert per main road, listing its congested segments as they come and go', () => {
    const tl = new RuleTimeline(rulesConfig(only('traffic')));
    const seg = (name: string, roadClass: string, districtId = 'd1') => ({
      name,
      roadClass,
      districtId,
      mid: [120.55, 27.57] as [number, number],
    });
    const segments: TrafficGeo['segments'] = new Map([
      ['S1', seg('世纪大道', 'arterial')],
      ['S2', seg('世纪大道', 'arterial')],
      ['S3', seg('世纪大道', 'arterial')],
      ['S4', seg('世纪大道', 'arterial', 'd2')],
      ['S5', seg('龙港大道', 'expressway')],
      ['S6', seg('小巷', 'branch')],
    ]);
    tl.state.geo = { ...TEST_GEO, traffic: { ...TEST_GEO.traffic, segments } };
    const heavy = (...ids: string[]) => {
      tl.state.traffic = { at: tl.now, districtTpi: {}, heavySegments: ids, parkingOccupancy: {} };
      return tl.evaluate();
    };
    heavy('S2', 'S3', 'S6');
    // One alert for the road in d1 (keyed by its first segment), none for the branch road.
    expect([...tl.book.active.keys()]).toEqual(['traffic:road:S1']);
    expect(tl.alert('traffic:road:S1')).toMatchObject({
      level: 'blue',
      title: '世纪大道严重拥堵',
      description: '主干道世纪大道2个路段（S2、S3）处于严重拥堵',
      scope: { level: 'district', gridId: 'd1' },
    });
    tl.advance(1);
    heavy('S1', 'S2', 'S3', 'S4', 'S5');
    // Still one alert for the road in d1, now listing three segments; the same road in d2 and another
    // main road each get their own.
    expect([...tl.book.active.keys()].sort()).toEqual([
      'traffic:road:S1',
      'traffic:road:S4',
      'traffic:road:S5',
    ]);
    expect(tl.alert('traffic:road:S1')!.description).toBe('主干道世纪大道3个路段（S1、S2、S3）处于严重拥堵');
    expect(tl.alert('traffic:road:S5')!.description).toBe('主干道龙港大道（S5）处于严重拥堵');
    tl.advance(1);
    heavy('S3');
    expect(tl.alert('traffic:road:S1')!.description).toBe('主干道世纪大道（S3）处于严重拥堵');
    // Eased everywhere: after the hysteresis every road alert resolves, each raised once.
    tl.advance(1);
    heavy();
    tl.advance(10);
    heavy();
    expect(tl.book.active.size).toBe(0);
    for (const key of ['traffic:road:S1', 'traffic:road:S4', 'traffic:road:S5'])
      expect(tl.actions(key)).toEqual(['raise:blue', 'resolve:blue']);
  });
});
