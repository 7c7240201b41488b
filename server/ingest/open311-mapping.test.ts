import { describe, expect, it } from 'vitest';
import { makeEvent } from '../../tests/fixtures/events';
import {
  eventInputOf,
  isoLocal,
  open311Status,
  parseServiceCode,
  parseW3cDatetime,
  serviceRequestOf,
} from './open311-mapping';
import { eventQueryOf, Open311Error } from './open311-query';

const kind = { category: 'urban', subcategory: 'street-order' };

describe('Open311 mapping', () => {
  it('writes city time with its offset and reads any zone back', () => {
    const at = Date.parse('2020-09-28T00:15:30.750Z');
    expect(isoLocal(at, 'Asia/Shanghai')).toBe('2020-09-28T08:15:30+08:00');
    expect(isoLocal(at, 'America/New_York')).toBe('2020-09-27T20:15:30-04:00');
    expect(parseW3cDatetime('2020-09-28T08:15:30+08:00')).toBe(at - 750);
    expect(parseW3cDatetime('2020-09-28T00:15Z')).toBe(Date.parse('2020-09-28T00:15:00Z'));
    expect(parseW3cDatetime('2020-09-28T08:15:30')).toBeNaN(); // no zone
    expect(parseW3cDatetime('2020-09-28')).toBeNaN();
  });

  it('knows only the taxonomy’s service codes', () => {
    expect(parseServiceCode('emergency.waterlogging')).toEqual({
      category: 'emergency',
      subcategory: 'waterlogging',
    });
    for (const code of ['emergency', 'emergency.volcano', 'emergency.waterlogging.x', '.'])
      expect(parseServiceCode(code), code).toBeNull();
  });

  it('turns a report into an event input: position required, address kept, reporter named', () => {
    expect(
      eventInputOf({ service_code: 'x', lat: '27.5', long: '120.5', description: ' 占道 ' }, kind),
    ).toEqual({
      source: 'open311',
      ...kind,
      lon: 120.5,
      lat: 27.5,
      description: '占道',
    });
    const full = eventInputOf(
      {
        service_code: 'x',
        lat: 27.5,
        long: 120.5,
        address_string: '人民路',
        first_name: '伟',
        last_name: '李',
      },
      kind,
    );
    expect(full).toMatchObject({ description: '地址：人民路', reporter: { name: '李伟' } });
    const latin = eventInputOf({ service_code: 'x', lat: 1, long: 2, first_name: 'Ann', phone: '110' }, kind);
    expect(latin).toMatchObject({ reporter: { name: 'Ann', phone: '110' } });
    expect(eventInputOf({ service_code: 'x', address_string: '人民路' }, kind)).toMatch(/required/);
    expect(eventInputOf({ service_code: 'x', lat: '27.5N', long: '120.5' }, kind)).toMatch(/decimal/);
  });

  it('shows an event as a service request without its reporter', () => {
    const e = makeEvent('e-1', {
      status: 'dispatched',
      assignee: 'team-1',
      dueAt: Date.parse('2020-09-28T10:00:00Z'),
      reporter: { name: '张三', phone: '13800000000' },
    });
    const r = serviceRequestOf(e, '派往一组', 'Asia/Shanghai');
    expect(r).toMatchObject({
      service_request_id: 'e-1',
      status: 'open',
      status_notes: '派往一组',
      service_code: 'urban.street-order',
      agency_responsible: 'team-1',
      expected_datetime: '2020-09-28T18:00:00+08:00',
      address_id: 'm',
      long: 120.55,
    });
    expect(JSON.stringify(r)).not.toContain('13800000000');
    expect(serviceRequestOf(e, '', 'Asia/Shanghai').status_notes).toBeNull();
    expect(open311Status('cancelled')).toBe('closed');
    expect(open311Status('verified')).toBe('open');
  });
});

describe('eventQueryOf', () => {
  const now = Date.parse('2020-12-31T00:00:00Z');
  const day = 86_400_000;

  it('defaults to the last 90 days, and lets service_request_id override everything', () => {
    expect(eventQueryOf({}, now)).toEqual({ limit: 1000, from: now - 90 * day, to: undefined });
    expect(eventQueryOf({ service_request_id: 'a, b,', status: 'nonsense' }, now)).toEqual({
      ids: ['a', 'b'],
      limit: 1000,
    });
    const q = eventQueryOf(
      { status: 'closed', service_code: 'urban.street-order', end_date: '2020-10-01T00:00Z' },
      now,
    );
    expect(q.statuses).toEqual(['cancelled', 'closed']);
    expect(q.kinds).toEqual([kind]);
    expect(q.to).toBe(Date.parse('2020-10-01T00:00Z'));
    expect(q.from).toBe(Date.parse('2020-10-01T00:00Z') - 90 * day);
  });

  it('refuses bad filters with a 400', () => {
    for (const q of [
      { status: 'pending' },
      { service_code: 'urban.nope' },
      { start_date: 'today' },
      { start_date: '2020-10-02T00:00Z', end_date: '2020-10-01T00:00Z' },
    ]) {
      expect(() => eventQueryOf(q, now), JSON.stringify(q)).toThrow(Open311Error);
    }
  });
});
