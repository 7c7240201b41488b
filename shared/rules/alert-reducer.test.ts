import { describe, expect, it } from 'vitest';
import { rulesConfig } from '../../tests/fixtures/rule-timeline';
import type { AlertLevel, RuleId } from '../schemas/alert';
import { emptyBook, fileAlert } from './alert-book';
import { MAX_EVENT_IDS, reduceSignals } from './alert-reducer';
import { applyAlertCommand } from './alert-workflow';
import type { RulesConfig } from './rules-config';
import type { Signal } from './signal';

const MIN = 60_000;
const T0 = Date.UTC(2026, 2, 2, 2, 0, 0);

function signal(level: AlertLevel, eventIds: string[] = [], key = 'surge:m1:urban'): Signal {
  return {
    rule: key.split(':')[0] as RuleId,
    key,
    level,
    scope: { level: 'micro', gridId: 'm1', districtId: 'd1', communityId: 'c1' },
    title: '事件激增',
    description: `激增 ${eventIds.length}`,
    lon: null,
    lat: null,
    eventIds,
    capCategory: 'Infra',
    certainty: 'Likely',
  };
}

function harness(patch: (c: RulesConfig) => void = () => {}) {
  const config = rulesConfig((c) => {
    c.alerts = { clearMinutes: 10, suppressMinutes: 30, reescalateMinutes: 20, closeAfterMinutes: 60 };
    patch(c);
  });
  const book = emptyBook();
  let n = 0;
  const all = new Set<RuleId>(['surge', 'repeat']);
  const at = (minutes: number, signals: Signal[]) =>
    reduceSignals(book, signals, all, { now: T0 + minutes * MIN, config, newId: () => `AL${++n}` });
  return { book, at };
}

describe('alert reducer', () => {
  it('raises once per rule + scope and dedupes later signals into a count and last-seen', () => {
    const { book, at } = harness();
    const raised = at(0, [signal('blue', ['e1', 'e2'])]);
    expect(raised.map((u) => u.transition?.action)).toEqual(['raise']);
    expect(raised[0]!.alert).toMatchObject({ id: 'AL1', status: 'raised', level: 'blue', count: 2 });
    // Same evidence: no broadcast, only last-seen moves.
    expect(at(1, [signal('blue', ['e1', 'e2'])])).toEqual([]);
    expect(book.active.get('surge:m1:urban')!.lastSeenAt).toBe(T0 + MIN);
    const more = at(2, [signal('blue', ['e1', 'e2', 'e3'])]);
    expect(more).toHaveLength(1);
    expect(more[0]!.transition).toBeNull();
    expect(more[0]!.alert).toMatchObject({ id: 'AL1', count: 3, lastSeenAt: T0 + 2 * MIN, version: 2 });
    expect(book.active.size).toBe(1);
  });

  it('escalates at once when the condition rises and never lowers the level while live', () => {
    const { book, at } = harness();
    at(0, [signal('blue', ['e1'])]);
    const up = at(1, [signal('orange', ['e1', 'e2'])]);
    expect(up[0]!.transition).toMatchObject({ action: 'escalate', level: 'orange' });
    at(2, [signal('blue', ['e1', 'e2'])]);
    expect(book.active.get('surge:m1:urban')!.level).toBe('orange');
  });

  it('resolves only after the condition stayed absent for clearMinutes (hysteresis)', () => {
    const { book, at } = harness();
    at(0, [signal('yellow', ['e1'])]);
    expect(at(1, [])[0]!.alert.clearSince).toBe(T0 + MIN);
    expect(at(5, [])).toEqual([]);
    // Back before the 10 minutes ran out: the clock resets and the return counts once.
    const back = at(6, [signal('yellow', ['e1'])]);
    expect(back[0]!.alert).toMatchObject({ clearSince: null, count: 2, status: 'raised' });
    at(7, []);
    expect(at(16, [])).toEqual([]);
    const gone = at(17, []);
    expect(gone[0]!.transition).toMatchObject({
      action: 'resolve',
      from: 'raised',
      to: 'resolved',
      actor: 'rules',
    });
    expect(book.active.size).toBe(0);
  });

  it('suppresses a new alert on the same key for suppressMinutes after it resolved', () => {
    const { book, at } = harness((c) => {
      c.alerts.clearMinutes = 0;
    });
    at(0, [signal('blue', ['e1'])]);
    at(1, []);
    expect(at(10, [signal('red', ['e9'])])).toEqual([]);
    expect(book.active.size).toBe(0);
    const again = at(31, [signal('red', ['e9'])]);
    expect(again[0]!.transition?.action).toBe('raise');
    expect(again[0]!.alert.id).toBe('AL2');
  });

  it('mutes signals inside a configured suppression window, for its rule and grid only', () => {
    const { book, at } = harness((c) => {
      c.suppressions = [
        { id: 'drill', rule: 'surge', gridId: 'c1', from: T0, to: T0 + 60 * MIN, reason: '演练' },
      ];
    });
    expect(at(0, [signal('red', ['e1'])])).toEqual([]);
    expect(at(1, [signal('red', ['e1'], 'repeat:x')])[0]!.transition?.action).toBe('raise');
    expect(at(60, [signal('red', ['e1'])])[0]!.transition?.action).toBe('raise');
    expect(book.active.size).toBe(2);
  });

  it('re-escalates a level every reescalateMinutes while nobody acknowledges it, up to red', () => {
    const { book, at } = harness();
    at(0, [signal('blue', ['e1'])]);
    expect(at(19, [signal('blue', ['e1'])])).toEqual([]);
    const first = at(20, [signal('blue', ['e1'])]);
    expect(first[0]!.transition).toMatchObject({ action: 'escalate', level: 'yellow' });
    expect(at(40, [signal('blue', ['e1'])])[0]!.alert.level).toBe('orange');
    // Acknowledged: the clock stops.
    const ack = applyAlertCommand(
      book.active.get('surge:m1:urban')!,
      'acknowledge',
      { actor: 'duty' },
      T0 + 41 * MIN,
    );
    if (!ack.ok) throw new Error(ack.reason);
    fileAlert(book, ack.alert);
    expect(at(80, [signal('blue', ['e1'])])).toEqual([]);
    expect(book.active.get('surge:m1:urban')!.level).toBe('orange');
  });

  it('closes a resolved alert after closeAfterMinutes', () => {
    const { book, at } = harness((c) => {
      c.alerts.clearMinutes = 0;
    });
    at(0, [signal('blue', ['e1'])]);
    at(1, []);
    expect(at(60, [])).toEqual([]);
    const closed = at(61, []);
    expect(closed[0]!.transition).toMatchObject({ action: 'close', from: 'resolved', to: 'closed' });
    expect(book.resolved.size).toBe(0);
  });

  it("holds a busy alert's count changes and sends them once 10 s passed, even with no further report", () => {
    const { book, at } = harness();
    const S = 1 / 60;
    at(0, [signal('blue', ['e1', 'e2', 'e3'])]);
    // New evidence 2 s later: counted in memory, not broadcast yet.
    expect(at(2 * S, [signal('blue', ['e1', 'e2', 'e3', 'e4'])])).toEqual([]);
    expect(book.active.get('surge:m1:urban')).toMatchObject({ count: 4, version: 1 });
    // The same signal object again and again: nothing new.
    const same = signal('blue', ['e1', 'e2', 'e3', 'e4']);
    expect(at(5 * S, [same])).toEqual([]);
    expect(at(9 * S, [same])).toEqual([]);
    // 10 s after the last broadcast the held count goes out, once.
    const flushed = at(10 * S, [same]);
    expect(flushed).toHaveLength(1);
    expect(flushed[0]!.transition).toBeNull();
    expect(flushed[0]!.alert).toMatchObject({ count: 4, version: 2, updatedAt: T0 + 10_000 });
    expect(at(30 * S, [same])).toEqual([]);
    expect(book.active.get('surge:m1:urban')).toMatchObject({
      count: 4,
      version: 2,
      lastSeenAt: T0 + 30_000,
    });
  });

  it('treats a repeated signal object like an equal one: last-seen moves, escalation still applies', () => {
    const { book, at } = harness();
    const s = signal('blue', ['e1']);
    at(0, [s]);
    expect(at(1, [s])).toEqual([]);
    expect(book.active.get('surge:m1:urban')!.lastSeenAt).toBe(T0 + MIN);
    // Re-escalation climbs regardless of an unchanged signal; the signal does not pull it back.
    expect(at(20, [s])[0]!.transition).toMatchObject({ action: 'escalate', level: 'yellow' });
    expect(at(21, [s])).toEqual([]);
    expect(book.active.get('surge:m1:urban')!.level).toBe('yellow');
    // Absent, then back: the return counts.
    at(22, []);
    const back = at(23, [s]);
    expect(back[0]!.alert).toMatchObject({ clearSince: null, count: 2 });
  });

  it('leaves alerts of rules that were not evaluated alone', () => {
    const config = rulesConfig((c) => {
      c.alerts.reescalateMinutes = 0;
    });
    const book = emptyBook();
    reduceSignals(book, [signal('blue', ['e1'])], new Set(['surge']), { now: T0, config, newId: () => 'A' });
    expect(
      reduceSignals(book, [], new Set(['repeat']), { now: T0 + 99 * MIN, config, newId: () => 'B' }),
    ).toEqual([]);
  });
});

describe('alert reducer memory', () => {
  it('counts every event once and keeps the newest MAX_EVENT_IDS ids, however busy', () => {
    const { book, at } = harness();
    const key = 'surge:m1:urban';
    at(0, [signal('blue', ['e0'])]);
    // A busy alert: every pass brings a new report (and hands back the last few again, as rules do).
    for (let i = 1; i <= 1000; i++)
      at(i / 100, [signal('blue', [`e${Math.max(0, i - 2)}`, `e${i - 1}`, `e${i}`])]);
    const alert = book.active.get(key)!;
    expect(alert.count).toBe(1001);
    expect(alert.eventIds).toHaveLength(MAX_EVENT_IDS);
    expect(alert.eventIds.at(-1)).toBe('e1000');
    // Ids still on the alert are not counted twice.
    at(11, [signal('blue', ['e999', 'e1000'])]);
    expect(book.active.get(key)!.count).toBe(1001);
    // An id twice in one signal counts once.
    at(12, [signal('blue', ['e1000', 'e1001', 'e1001'])]);
    expect(book.active.get(key)!.count).toBe(1002);
    expect(book.active.get(key)!.eventIds.slice(-2)).toEqual(['e1000', 'e1001']);
  });

  it("keeps as many event ids as the policy's evidenceIds says, the city's or the rule's own", () => {
    const busy = (patch: (c: RulesConfig) => void) => {
      const { book, at } = harness(patch);
      for (let i = 0; i <= 300; i++) at(i / 100, [signal('blue', [`e${i}`])]);
      return book.active.get('surge:m1:urban')!;
    };
    const city = busy((c) => {
      c.alerts.evidenceIds = 50;
    });
    expect(city.count).toBe(301);
    expect(city.eventIds).toHaveLength(50);
    expect(city.eventIds[0]).toBe('e251');
    const rule = busy((c) => {
      c.alerts.evidenceIds = 50;
      c.rules.surge.policy = { evidenceIds: 120 };
    });
    expect(rule.eventIds).toHaveLength(120);
    expect(busy(() => {}).eventIds).toHaveLength(MAX_EVENT_IDS);
  });
});
