import { describe, expect, it } from 'vitest';
import type { GridEvent } from '../schemas/event';
import { type EvaluatedAlert, evaluate } from './evaluation';
import { evaluationCsv } from './evaluation-csv';

const H = 3_600_000;
/** Midnight starting 2025-01-<day> in Longgang (UTC+8). */
const day = (d: number) => Date.UTC(2025, 0, d) - 8 * H;
const FROM = day(6);
const TO = day(13);
const AT = day(14);

function ev(id: string, district: string, occurredAt: number, patch: Partial<GridEvent> = {}): GridEvent {
  return {
    id,
    source: 'hotline-12345',
    category: 'urban',
    subcategory: 'street-order',
    severity: 'low',
    lon: 120.55,
    lat: 27.58,
    grid: { district, community: `${district}C1`, full: `${district}C1F01`, micro: `${district}C1F01M01` },
    description: '',
    keyPerson: false,
    keyAreaId: null,
    reporter: null,
    status: 'reported',
    version: 1,
    assignee: null,
    occurredAt,
    receivedAt: occurredAt,
    updatedAt: occurredAt,
    dispatchedAt: null,
    dueAt: null,
    closedAt: null,
    ...patch,
  };
}
/** Dispatched one hour after the report with a limit of `limit` hours, closed `closeAfter` hours after dispatch. */
const handled = (id: string, district: string, at: number, limit: number, closeAfter: number | null) =>
  ev(id, district, at, {
    status: closeAfter === null ? 'handling' : 'closed',
    dispatchedAt: at + H,
    dueAt: at + H + limit * H,
    closedAt: closeAfter === null ? null : at + H + closeAfter * H,
  });

// The scripted history, figures worked out by hand in the comments.
const EVENTS: GridEvent[] = [
  handled('a1', 'D01', day(6) + 10 * H, 4, 3), // on time, 3 h
  { ...handled('a2', 'D01', day(7) + 10 * H, 2, 5), subcategory: 'facility' }, // late: overdue, 5 h
  ev('a3', 'D01', day(8), { status: 'cancelled', closedAt: day(8) + H, subcategory: 'illegal-building' }), // false report
  { ...handled('a4', 'D01', day(9) + 9 * H, 1, null), subcategory: 'advertising' }, // open past due: overdue
  ev('a5', 'D01', day(9) + 20 * H, { subcategory: 'advertising' }), // 11 h after a4, same place and kind: a repeat
  ev('a6', 'D01', day(11) + 20 * H), // same kind as a1, but days later: no repeat
  handled('b1', 'D02', day(6) + 8 * H, 4, 2),
  handled('b2', 'D02', day(12) + 8 * H, 8, 4),
  handled('b3', 'D02', TO, 8, 4), // at the end of the period: outside it
  handled('p1', 'D01', day(2), 4, 1), // previous period: D01 scored 100 then
];
const ALERTS: EvaluatedAlert[] = [
  {
    scope: { districtId: 'D01', communityId: 'D01C1' },
    firstSeenAt: day(6) + 12 * H,
    acknowledgedAt: day(6) + 12.5 * H,
  },
  {
    scope: { districtId: 'D01', communityId: 'D01C1' },
    firstSeenAt: day(7),
    acknowledgedAt: day(7) + 1.5 * H,
  },
  { scope: { districtId: 'D01', communityId: null }, firstSeenAt: day(8), acknowledgedAt: null },
  { scope: { districtId: null, communityId: null }, firstSeenAt: day(8), acknowledgedAt: day(8) + H },
];
const UNITS = [
  { id: 'D01', name: '老城片区' },
  { id: 'D02', name: '湖前片区' },
  { id: 'D03', name: '白沙片区' },
];

describe('evaluate', () => {
  const result = evaluate({
    level: 'district',
    units: UNITS,
    events: EVENTS,
    alerts: ALERTS,
    from: FROM,
    to: TO,
    at: AT,
  });
  const row = (id: string) => result.rows.find((r) => r.id === id)!;

  it('matches the hand-computed figures', () => {
    expect(row('D01')).toMatchObject({
      events: 6,
      cancelled: 1,
      closed: 2,
      closureRate: 0.4, // 2 of 5 not cancelled
      onTimeRate: 0.5, // a1 of a1, a2
      avgHandlingHours: 4, // (3 + 5) / 2
      overdue: 2, // a2 late, a4 open past due
      repeats: 1, // a5
      alerts: 3,
      alertResponseMinutes: 60, // (30 + 90) / 2
      score: 48, // 100 × (0.4 × 0.4 + 0.4 × 0.5 + 0.2 × (1 − 2/5))
    });
    expect(row('D02')).toMatchObject({
      events: 2,
      closureRate: 1,
      onTimeRate: 1,
      avgHandlingHours: 3,
      overdue: 0,
      alerts: 0,
      alertResponseMinutes: null,
      score: 100,
    });
    expect(row('D03')).toMatchObject({ events: 0, closureRate: null, score: null, rank: null, trend: null });
  });

  it('ranks by score and gives the trend against the previous period of the same length', () => {
    expect(result.rows.map((r) => [r.id, r.rank])).toEqual([
      ['D02', 1],
      ['D01', 2],
      ['D03', null],
    ]);
    expect(result.previousFrom).toBe(day(-1)); // 30 December: 7 days before 6 January
    expect(row('D01').previous).toEqual({ events: 1, score: 100, rank: 1 });
    expect(row('D01').trend).toBe(-52);
    expect(row('D02').previous).toEqual({ events: 0, score: null, rank: null });
    expect(row('D02').trend).toBeNull();
  });

  it('evaluates communities by the events’ community', () => {
    const c = evaluate({
      level: 'community',
      units: [{ id: 'D01C1', name: '金钗河社区' }],
      events: EVENTS,
      alerts: ALERTS,
      from: FROM,
      to: TO,
      at: AT,
    });
    expect(c.rows[0]).toMatchObject({ events: 6, alerts: 2, score: 48, rank: 1 });
  });

  it('exports CSV with a BOM, a header and one line per unit', () => {
    const csv = evaluationCsv(result);
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(lines[0]).toMatch(/^rank,id,name,events,/);
    expect(lines[1]).toBe('1,D02,湖前片区,2,0,2,1,1,3,0,0,0,,100,,,');
    expect(lines[2]).toBe('2,D01,老城片区,6,1,2,0.4,0.5,4,2,1,3,60,48,100,1,-52');
    expect(lines).toHaveLength(4);
  });
});
