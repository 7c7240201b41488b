import { describe, expect, it } from 'vitest';
import { ALERT_LEVELS } from '../../shared/schemas/alert';
import { makeAlert as alert, ALERT_T0 as T0 } from '../../tests/fixtures/alerts';
import { capSchemaErrors, xmlWellFormedErrors } from '../../tests/fixtures/cap-validate';
import { rulesConfig } from '../../tests/fixtures/rule-timeline';
import { capAtomFeed } from './cap-feed';
import { alertToCap, type CapContext, capMsgType, capTime, xmlEscape } from './cap-xml';

const config = rulesConfig();
const ctx: CapContext = {
  cap: config.cap,
  utcOffsetMinutes: 480,
  areaDesc: '龙港市 <华中社区> & 周边',
  outline: [
    [
      [120.54, 27.58],
      [120.55, 27.58],
      [120.55, 27.59],
      [120.54, 27.58],
    ],
  ],
};

describe('CAP 1.2 export', () => {
  it('is valid against the OASIS XSD for every level and msgType', () => {
    for (const level of ALERT_LEVELS) {
      for (const msgType of ['Alert', 'Update', 'Cancel'] as const) {
        const status = msgType === 'Cancel' ? 'resolved' : msgType === 'Update' ? 'assigned' : 'raised';
        const xml = alertToCap(
          alert({
            level,
            status,
            version: msgType === 'Alert' ? 1 : 4,
            updatedAt: T0 + 60_000,
            assignee: 'D01',
          }),
          ctx,
          msgType,
        );
        expect(capSchemaErrors(xml), `${level} ${msgType}`).toBeNull();
      }
    }
    // The check itself is live: a message the schema forbids is caught.
    expect(capSchemaErrors(alertToCap(alert(), ctx).replace('<msgType>Alert', '<msgType>Bogus'))).toContain(
      'msgType',
    );
  });

  it('stays valid for compound incidents and alerts with a point only', () => {
    const compound = alert({
      rule: 'compound',
      members: [
        { kind: 'event', id: 'w1', label: '内涝报告' },
        { kind: 'warning', id: 'rain-1', label: '暴雨预警' },
      ],
    });
    expect(capSchemaErrors(alertToCap(compound, ctx))).toBeNull();
    const point = alertToCap(alert(), { ...ctx, outline: [] });
    expect(capSchemaErrors(point)).toBeNull();
    expect(point).toContain('<circle>27.585,120.545 0.2</circle>');
  });

  it('maps the fields: GB/T 35965.1 identifier, +08:00 times, severity, zh-CN, lat,lon polygon, references', () => {
    const raised = alertToCap(alert(), ctx);
    expect(raised).toContain('<identifier>33038300000001_20260302100005_AL00000042_1</identifier>');
    expect(raised).toContain('<sent>2026-03-02T10:00:05+08:00</sent>');
    expect(raised).toContain('<msgType>Alert</msgType>');
    expect(raised).toContain('<severity>Severe</severity>');
    expect(raised).toContain('<urgency>Immediate</urgency>');
    expect(raised).toContain('<language>zh-CN</language>');
    expect(raised).toContain(
      '<headline>橙色预警（II级）：网格m1城市管理事件激增 &lt;&quot;急&quot;&gt;</headline>',
    );
    expect(raised).toContain('<areaDesc>龙港市 &lt;华中社区&gt; &amp; 周边</areaDesc>');
    expect(raised).toContain('<polygon>27.58,120.54 27.58,120.55 27.59,120.55 27.58,120.54</polygon>');
    expect(raised).not.toContain('<references>');
    const severities = ALERT_LEVELS.map(
      (level) => /<severity>(\w+)</.exec(alertToCap(alert({ level }), ctx))?.[1],
    );
    expect(severities).toEqual(['Minor', 'Moderate', 'Severe', 'Extreme']);
    const cancel = alertToCap(alert({ status: 'resolved', version: 3, updatedAt: T0 + 3_600_000 }), ctx);
    expect(cancel).toContain('<msgType>Cancel</msgType>');
    expect(cancel).toContain('<urgency>Past</urgency>');
    expect(cancel).toContain('<identifier>33038300000001_20260302110005_AL00000042_3</identifier>');
    expect(cancel).toContain(
      '<references>citybrain@longgang.gov.cn,33038300000001_20260302100005_AL00000042_1,2026-03-02T10:00:05+08:00</references>',
    );
  });

  it('follows the lifecycle: Alert first, Update as it changes, Cancel once resolved or closed', () => {
    expect(capMsgType(alert())).toBe('Alert');
    expect(capMsgType(alert({ version: 2 }))).toBe('Update');
    expect(capMsgType(alert({ status: 'acknowledged', version: 2 }))).toBe('Update');
    expect(capMsgType(alert({ status: 'closed', version: 5 }))).toBe('Cancel');
  });

  it('writes times with an explicit offset and escapes XML', () => {
    expect(capTime(Date.UTC(2026, 0, 1, 16, 30, 0), 480)).toBe('2026-01-02T00:30:00+08:00');
    expect(capTime(Date.UTC(2026, 0, 1, 16, 30, 0), -300)).toBe('2026-01-01T11:30:00-05:00');
    expect(xmlEscape(`<a href="x">&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
  });

  it('indexes active alerts in a well-formed Atom feed linking to each CAP message', () => {
    const feed = capAtomFeed([alert(), alert({ id: 'AL2', level: 'red', updatedAt: T0 + 1000 })], {
      baseUrl: 'http://x',
      cap: config.cap,
      utcOffsetMinutes: 480,
      title: '生效预警',
      now: T0,
    });
    expect(xmlWellFormedErrors(feed)).toBeNull();
    expect(feed.indexOf('AL2')).toBeLessThan(feed.indexOf('AL00000042'));
    expect(feed).toContain(
      '<link rel="alternate" type="application/cap+xml" href="http://x/api/alerts/AL00000042/cap"/>',
    );
  });
});
