import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALERT_T0, makeAlert } from '../tests/fixtures/alerts';
import { instantiatePlan, type ResponsePlansFile, tickStep } from './domain/response-plan';
import { packRecords, unpackRecords } from './record-columns';
import type { AlertChange } from './schemas/alert';

/** What a JSON client would hold: the same value through JSON. */
const viaJson = <T>(v: T): T => JSON.parse(JSON.stringify(v));
const roundTrip = <T>(rows: T[]): T[] => unpackRecords(viaJson(packRecords(rows)));

const plans = JSON.parse(
  readFileSync(new URL('../data/longgang/response-plans.json', import.meta.url), 'utf8'),
) as ResponsePlansFile;

/** A pass's changes as the engine makes them: raises of many micro-grids' alerts, an escalation, an update. */
function changes(count: number): AlertChange[] {
  return Array.from({ length: count }, (_, i) => {
    const at = ALERT_T0 + i * 37;
    const alert = makeAlert({
      id: `AL${String(100 + i).padStart(8, '0')}`,
      key: `surge:m${i}:urban`,
      level: i % 7 === 0 ? 'red' : i % 3 === 0 ? 'orange' : 'blue',
      title: `网格m${i}城市管理事件激增`,
      description: `60分钟内城市管理事件${5 + (i % 9)}起，高于基线`,
      scope: { level: 'micro', gridId: `m${i}`, districtId: `D0${1 + (i % 4)}`, communityId: `c${i % 11}` },
      lon: 120.5 + i * 0.0013,
      lat: 27.55 + i * 0.0007,
      eventIds: [`e${i}-1`, `e${i}-2`, `e${i}-3`],
      members: i % 5 === 0 ? [{ kind: 'event', id: `e${i}-1`, label: '道路积水' }] : [],
      firstSeenAt: at,
      lastSeenAt: at,
      levelSince: at,
      updatedAt: at,
      clearSince: i % 6 === 0 ? at - 1_000 : null,
      acknowledgedBy: i % 8 === 0 ? 'duty1' : null,
    });
    const action = i % 10 === 9 ? 'escalate' : 'raise';
    return {
      seq: 500 + i,
      alert,
      transition: {
        alertId: alert.id,
        action,
        from: action === 'raise' ? null : 'raised',
        to: 'raised',
        level: alert.level,
        actor: 'rules',
        note: alert.description,
        at,
      },
    };
  });
}

describe('record columns', () => {
  it('round-trips alert changes exactly, nulls, nested objects and arrays included', () => {
    const rows = changes(120);
    const back = roundTrip(rows);
    expect(back).toEqual(viaJson(rows));
    expect(JSON.stringify(back)).toBe(JSON.stringify(rows));
  });

  it('round-trips response plans, ticked steps included', () => {
    const opened = changes(40)
      .filter((c) => c.alert.level === 'red' || c.alert.level === 'orange')
      .map((c) => {
        const plan = plans.plans.find((p) => p.levels.includes(c.alert.level))!;
        return instantiatePlan(plan, c.alert, c.transition.at);
      });
    const ticked = tickStep(opened[0]!, opened[0]!.steps[0]!.id, {
      done: true,
      note: '已核实',
      actor: 'duty1',
      at: ALERT_T0 + 5,
    });
    expect(ticked.ok).toBe(true);
    const rows = ticked.ok ? [ticked.instance, ...opened.slice(1)] : opened;
    expect(rows.length).toBeGreaterThan(5);
    expect(rows[0]!.steps[0]).toMatchObject({ done: true, by: 'duty1' });
    expect(roundTrip(rows)).toEqual(viaJson(rows));
  });

  it('is a third of the JSON bytes or less for a pass of alert changes', () => {
    const rows = changes(120);
    const json = Buffer.byteLength(JSON.stringify(rows));
    const packed = Buffer.byteLength(JSON.stringify(packRecords(rows)));
    expect(packed / json).toBeLessThan(1 / 3);
  });

  it('keeps fields of mixed kinds, undefined values and non-plain numbers as JSON would', () => {
    const rows = [
      { a: 1, b: 'x', c: [1, 'two', null], d: { e: 2 }, f: 1.5, g: true },
      { a: 'one', b: null, c: null, d: null, f: 2 ** 60, g: null },
      { a: null, b: 'x', c: [], d: { e: null }, f: -0.25, g: false },
    ];
    // Rows of different key sets (the second has no `d.e`… and undefined in an object) travel as JSON.
    const odd = [{ k: 1, u: undefined }, { k: 2 }, { k: 3, extra: [{ deep: NaN }] }];
    expect(roundTrip(rows)).toEqual(viaJson(rows));
    expect(JSON.stringify(roundTrip(odd))).toBe(JSON.stringify(odd));
    expect(roundTrip([])).toEqual([]);
    expect(roundTrip([null, 3, 'x'])).toEqual([null, 3, 'x']);
    expect(roundTrip([[1, 2], null, [3]])).toEqual([[1, 2], null, [3]]);
    // Integers past ±2^52 are sent as they are, not as differences, so none loses precision.
    const big = [Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 0];
    expect(roundTrip(big)).toEqual(big);
  });

  it('names each string once', () => {
    const packed = packRecords(changes(50));
    expect(new Set(packed.strings).size).toBe(packed.strings.length);
    expect(packed.strings.filter((s) => s === 'rules')).toHaveLength(1);
  });
});
