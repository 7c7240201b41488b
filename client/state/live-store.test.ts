import { describe, expect, it } from 'vitest';
import { slaState } from '../../shared/domain/sla';
import type { GridEvent } from '../../shared/schemas/event';
import { encodeBatch, encodeSnapshot } from '../../shared/snapshot-columns';
import { makeEvent } from '../../tests/fixtures/events';
import { LivePoints } from '../map/live-points';
import { LiveStore } from './live-store';

describe('LiveStore', () => {
  it('asks for a snapshot before anything is applied', () => {
    const store = new LiveStore(() => 5);
    expect(store.lastSeq).toBeNull();
    expect(store.applyBatch({ fromSeq: 1, seq: 1, at: 0, events: [event('a')] })).toBe('gap');
  });

  it('applies batches in order, ignores replays and detects gaps', () => {
    const store = new LiveStore(() => 5);
    store.applySnapshot({ seq: 10, at: 0, events: [event('a')], counts: {} });
    expect(store.applyBatch({ fromSeq: 11, seq: 12, at: 0, events: [event('b'), event('c')] })).toBe(
      'applied',
    );
    expect(store.applyBatch({ fromSeq: 11, seq: 12, at: 0, events: [event('b'), event('c')] })).toBe('stale');
    expect(store.applyBatch({ fromSeq: 14, seq: 15, at: 0, events: [event('d')] })).toBe('gap');
    const s = store.getSummary();
    expect(s).toMatchObject({ seq: 12, openCount: 3, liveCount: 2, lastUpdateAt: 5 });
  });

  it('counts an event once however often it changes, and drops it from the open set when closed', () => {
    const store = new LiveStore();
    store.applySnapshot({ seq: 0, at: 0, events: [], counts: {} });
    store.applyBatch({ fromSeq: 1, seq: 1, at: 0, events: [event('a')] });
    // A replay overlapping what was applied: still one event.
    store.applyBatch({ fromSeq: 1, seq: 2, at: 0, events: [event('a', 'accepted')] });
    store.applyBatch({ fromSeq: 3, seq: 3, at: 0, events: [event('a', 'closed')] });
    expect(store.getSummary()).toMatchObject({ liveCount: 1, openCount: 0, seq: 3 });
  });

  it('keeps nothing of an event once it is closed, and counts one that arrives already closed', () => {
    const store = new LiveStore();
    store.applySnapshot({ seq: 0, at: 0, events: [event('s')], counts: {} });
    store.applyBatch({ fromSeq: 1, seq: 1, at: 0, events: [event('a'), event('b')] });
    store.applyBatch({
      fromSeq: 2,
      seq: 2,
      at: 0,
      events: [event('a', 'closed'), event('c', 'cancelled'), event('s', 'closed')],
    });
    expect(store.getSummary()).toMatchObject({ liveCount: 3, openCount: 1 });
    expect(store.values().map((e) => e.id)).toEqual(['b']);
    expect([store.has('a'), store.has('s'), store.get('b')?.id]).toEqual([false, false, 'b']);
  });

  it('hands React a new summary object only on change', () => {
    const store = new LiveStore();
    let calls = 0;
    store.subscribe(() => calls++);
    const before = store.getSummary();
    store.setConnection('connecting');
    expect(store.getSummary()).toBe(before);
    store.setConnection('live');
    expect(store.getSummary()).not.toBe(before);
    expect(calls).toBe(1);
  });
});

function event(id: string, status: GridEvent['status'] = 'reported'): GridEvent {
  return makeEvent(id, { status });
}

describe('LiveStore time', () => {
  it("counts overdue events at the server's time, which may run ahead of ours (simulated time)", () => {
    let clientNow = 1_000;
    const store = new LiveStore(() => clientNow);
    const due = makeEvent('late', { status: 'handling', dispatchedAt: 0, dueAt: 50_000 });
    // The server is at 40 s when it sends the snapshot: not yet overdue.
    store.applySnapshot({ seq: 1, at: 40_000, events: [due], counts: {} });
    expect(store.getSummary().overdueCount).toBe(0);
    // 20 s later by our clock, a heartbeat says the server is at 60 s: overdue now.
    clientNow += 20_000;
    store.applyHeartbeat({ seq: 1, at: 60_000 });
    expect(store.serverNow()).toBe(60_000);
    expect(store.getSummary().overdueCount).toBe(1);
    expect(store.gridCounts().get('city')).toMatchObject({ open: 1, overdue: 1 });
    // Closing it takes it out of the figure at once, not at the next heartbeat.
    store.applyBatch({ fromSeq: 2, seq: 2, at: 61_000, events: [{ ...due, status: 'closed' }] });
    expect(store.getSummary()).toMatchObject({ openCount: 0, overdueCount: 0 });
  });
});

describe('LiveStore overdue count', () => {
  it("takes a batch's changes at once and time passing within a second, without a heartbeat", () => {
    let clientNow = 0;
    const store = new LiveStore(() => clientNow);
    const late = (id: string, dueAt: number) => makeEvent(id, { status: 'handling', dispatchedAt: 0, dueAt });
    store.applySnapshot({ seq: 1, at: 10_000, events: [late('a', 5_000), late('b', 10_400)], counts: {} });
    expect(store.getSummary().overdueCount).toBe(1);
    // 300 ms on: a batch adds one overdue event and closes the first, counted at once.
    clientNow = 300;
    store.applyBatch({
      fromSeq: 2,
      seq: 2,
      at: 0,
      events: [late('c', 9_000), { ...late('a', 5_000), status: 'closed' }],
    });
    expect(store.getSummary()).toMatchObject({ openCount: 2, overdueCount: 1 });
    // 1.5 s on, no heartbeat: the next batch sees 'b' has passed its deadline too.
    clientNow = 1_500;
    store.applyBatch({ fromSeq: 3, seq: 3, at: 0, events: [late('d', 99_000)] });
    expect(store.getSummary()).toMatchObject({ openCount: 3, overdueCount: 2 });
  });

  /** What the store counted before it kept deadlines: slaState over every open event. */
  const naive = (store: LiveStore) =>
    store.values().filter((e) => slaState(e, store.serverNow()) === 'overdue').length;

  it('matches slaState over every open event through snapshots, batches and heartbeats', () => {
    // A small deterministic generator: the same run every time.
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const statuses: GridEvent['status'][] = ['reported', 'accepted', 'dispatched', 'handling', 'closed'];
    const randomEvent = (id: string): GridEvent => {
      const status = statuses[Math.floor(random() * statuses.length)]!;
      const dispatchedAt = random() < 0.1 ? null : Math.floor(random() * 100_000);
      // Deadlines land on the heartbeat times now and then: `now > dueAt`, not `>=`.
      const dueAt =
        dispatchedAt === null || random() < 0.05
          ? null
          : random() < 0.2
            ? 10_000 * Math.floor(random() * 20)
            : dispatchedAt + Math.floor(random() * 100_000);
      return makeEvent(id, { status, dispatchedAt, dueAt });
    };
    const ids = Array.from({ length: 400 }, (_, i) => `e${i}`);
    let clientNow = 0;
    const store = new LiveStore(() => clientNow);
    let seq = 1;
    for (let round = 0; round < 3; round++) {
      store.applySnapshot({
        seq,
        at: 20_000 * round,
        events: ids.filter(() => random() < 0.5).map(randomEvent),
        counts: {},
      });
      expect(store.getSummary().overdueCount).toBe(naive(store));
      for (let step = 0; step < 60; step++) {
        const events = Array.from({ length: 1 + Math.floor(random() * 40) }, () =>
          randomEvent(ids[Math.floor(random() * ids.length)]!),
        );
        seq++;
        store.applyBatch({ fromSeq: seq, seq, at: 0, events });
        // Same server time as the last sweep: the batch's own writes kept the count.
        expect(store.getSummary().overdueCount).toBe(naive(store));
        clientNow += 500;
        // The server's clock mostly moves on, now and then it goes back (a restarted simulation).
        const at =
          random() < 0.2
            ? 10_000 * Math.floor(random() * 20)
            : Math.max(0, (random() < 0.1 ? -5_000 : 3_000) * step + Math.floor(random() * 30_000));
        store.applyHeartbeat({ seq, at });
        expect(store.getSummary().overdueCount).toBe(naive(store));
        expect(store.getSummary().openCount).toBe(store.size);
      }
    }
  });
});

describe('LiveStore without events (the wall)', () => {
  it('applies columns to the same summary and points as the events do in a store that keeps them', () => {
    let random = 7;
    const next = () => {
      random = (random * 16807) % 2147483647;
      return random / 2147483647;
    };
    const statuses: GridEvent['status'][] = [
      'reported',
      'accepted',
      'dispatched',
      'handling',
      'closed',
      'cancelled',
    ];
    const randomEvent = (id: string) => {
      const status = statuses[Math.floor(next() * statuses.length)]!;
      const running = status === 'dispatched' || status === 'handling';
      return makeEvent(id, {
        status,
        lon: 120 + next(),
        lat: 27 + next(),
        severity: next() < 0.2 ? 'critical' : 'medium',
        dispatchedAt: running ? Math.floor(next() * 50_000) : null,
        dueAt: running ? Math.floor(50_000 + next() * 100_000) : null,
      });
    };
    let clock = 0;
    const whole = new LiveStore(() => clock);
    const lean = new LiveStore(() => clock, { keepEvents: false });
    const [wholePoints, leanPoints] = [new LivePoints(whole), new LivePoints(lean)];
    const ids = Array.from({ length: 300 }, (_, i) => `e${i}`);
    const snapshot = { seq: 1, at: 60_000, events: ids.slice(0, 200).map(randomEvent), counts: {} };
    whole.applySnapshot(snapshot);
    lean.applySnapshotColumns(JSON.parse(JSON.stringify(encodeSnapshot(snapshot))));
    const same = () => {
      const { version: _a, lastUpdateAt: _b, ...a } = whole.getSummary();
      const { version: _c, lastUpdateAt: _d, ...b } = lean.getSummary();
      expect(b).toEqual(a);
      const [x, y] = [wholePoints.data(), leanPoints.data()];
      expect(y.length).toBe(x.length);
      for (const k of ['positions', 'fill', 'line', 'radius', 'lineWidth'] as const)
        expect(Array.from(y[k]), k).toEqual(Array.from(x[k]));
    };
    same();
    for (let b = 0; b < 30; b++) {
      clock += 3_000;
      const events = Array.from({ length: 20 }, () => randomEvent(ids[Math.floor(next() * ids.length)]!));
      const batch = { fromSeq: 2 + b * 20, seq: 21 + b * 20, at: 60_000 + clock, events };
      expect(whole.applyBatch(batch)).toBe('applied');
      expect(lean.applyBatchColumns(JSON.parse(JSON.stringify(encodeBatch(batch))))).toBe('applied');
      same();
    }
    expect(lean.size).toBeGreaterThan(50);
  });

  it('says plainly that it has no events to give', () => {
    const lean = new LiveStore(() => 0, { keepEvents: false });
    lean.applyBatchColumns(encodeBatch({ fromSeq: 1, seq: 1, at: 0, events: [event('a')] }));
    lean.applySnapshotColumns(encodeSnapshot({ seq: 1, at: 0, events: [event('a')] }));
    expect(lean.has('a')).toBe(true);
    expect(() => lean.values()).toThrow(/keeps no events/);
    expect(() => lean.get('a')).toThrow(/keeps no events/);
  });
});
