import { describe, expect, it } from 'vitest';
import { makeEvent } from '../tests/fixtures/events';
import { rollUpCounts } from './domain/grid-counts';
import type { LiveBatch, Snapshot } from './protocol';
import { ColumnCursor, decodeBatch, decodeSnapshot, encodeBatch, encodeSnapshot } from './snapshot-columns';

const grid = (n: number) => ({ micro: `m${n}`, full: `f${n}`, community: 'c1', district: 'd1' });

function snapshotOf(events: Snapshot['events'], at = 90_000): Snapshot {
  return { seq: 42, at, events, counts: Object.fromEntries(rollUpCounts(events, at)) };
}

describe('snapshot columns', () => {
  it('round-trips every field of every event, in order, with the counts the server would send', () => {
    const events = [
      makeEvent('a', { grid: grid(1), severity: 'high' }),
      makeEvent('b', {
        grid: null,
        reporter: { name: '张*', phone: '138****1234' },
        keyPerson: true,
        keyAreaId: 'k1',
        assignee: 'team-7',
        status: 'dispatched',
        version: 3,
        occurredAt: 10_000,
        receivedAt: 10_250,
        updatedAt: 60_000,
        dispatchedAt: 59_000,
        dueAt: 80_000,
      }),
      makeEvent('c', { grid: grid(1), description: '', lon: 120.123456789012, lat: -27.000000001 }),
      makeEvent('d', { grid: grid(2), reporter: {}, status: 'accepted', closedAt: null }),
    ];
    const snapshot = snapshotOf(events);
    const decoded = decodeSnapshot(JSON.parse(JSON.stringify(encodeSnapshot(snapshot))));
    expect(decoded).toEqual(snapshot);
    // Key order too, so a decoded event is indistinguishable from a batch's.
    expect(decoded.events.map((e) => Object.keys(e))).toEqual(events.map((e) => Object.keys(e)));
  });

  it('keeps times that are not whole milliseconds exact', () => {
    const events = [
      makeEvent('a', { occurredAt: 1764400000000.5, receivedAt: 1764400000001.25, updatedAt: 1764400000002 }),
      makeEvent('b', { occurredAt: 0.1, receivedAt: 0.2, updatedAt: 0.30000000000000004, dueAt: 1e300 }),
    ];
    const snapshot = snapshotOf(events, 1764400009999);
    expect(decodeSnapshot(JSON.parse(JSON.stringify(encodeSnapshot(snapshot))))).toEqual(snapshot);
  });

  it('round-trips an empty snapshot', () => {
    const snapshot = snapshotOf([]);
    expect(decodeSnapshot(encodeSnapshot(snapshot))).toEqual(snapshot);
  });

  it('is a fraction of the JSON snapshot for many similar events', () => {
    const events = Array.from({ length: 2000 }, (_, i) =>
      makeEvent(`ev-${i}`, {
        grid: grid(i % 300),
        lon: 120.5 + i * 1e-5,
        lat: 27.5 + i * 1e-5,
        occurredAt: 1764400000000 + i * 37,
        receivedAt: 1764400000000 + i * 37 + 12,
        updatedAt: 1764400000000 + i * 37 + 12,
      }),
    );
    const snapshot = snapshotOf(events, 1764400100000);
    const json = JSON.stringify(snapshot).length;
    const columns = JSON.stringify(encodeSnapshot(snapshot)).length;
    expect(columns).toBeLessThan(json / 3);
  });
});

describe('live batch columns', () => {
  it('round-trips a batch, its seqs and every field of its events, through JSON', () => {
    const batch: LiveBatch = {
      fromSeq: 101,
      seq: 103,
      at: 1764400000500,
      events: [
        makeEvent('a', { grid: grid(1), status: 'closed', closedAt: 1764400000400, version: 5 }),
        makeEvent('b', { grid: null, reporter: { name: '李*' }, assignee: 'team-2', status: 'dispatched' }),
      ],
    };
    const decoded = decodeBatch(JSON.parse(JSON.stringify(encodeBatch(batch))));
    expect(decoded).toEqual(batch);
    expect(decoded.events.map((e) => Object.keys(e))).toEqual(batch.events.map((e) => Object.keys(e)));
  });

  it('is under half the JSON batch at the wall cadence (125 events from one city)', () => {
    const at = 1764400100000;
    const events = Array.from({ length: 125 }, (_, i) =>
      makeEvent(`evt-20261130-${100000 + i}`, {
        grid: grid(i * 7),
        lon: 120.5 + i * 1.3e-4,
        lat: 27.5 + i * 0.9e-4,
        occurredAt: at - 250 + i,
        receivedAt: at - 240 + i,
        updatedAt: at - 240 + i,
      }),
    );
    const batch: LiveBatch = { fromSeq: 1, seq: 125, at, events };
    expect(JSON.stringify(encodeBatch(batch)).length).toBeLessThan(JSON.stringify(batch).length / 2);
  });
});

describe('column cursor', () => {
  it('reads each row as decoding would, in place, times included', () => {
    const events = [
      makeEvent('a', { grid: grid(1), severity: 'high', category: 'urban' }),
      makeEvent('b', {
        status: 'dispatched',
        occurredAt: 10_000,
        receivedAt: 10_250,
        updatedAt: 60_000,
        dispatchedAt: 59_000,
        dueAt: 80_000,
        lon: 120.5,
        lat: 27.25,
      }),
      makeEvent('c', { status: 'handling', dispatchedAt: 1.5, dueAt: 2 ** 60, receivedAt: 0.25 }),
    ];
    const columns = JSON.parse(JSON.stringify(encodeBatch({ fromSeq: 1, seq: 3, at: 90_000, events })));
    const decoded = decodeBatch(columns).events;
    const cursor = new ColumnCursor(columns);
    const fields = ['id', 'status', 'category', 'severity', 'lon', 'lat', 'dispatchedAt', 'dueAt'] as const;
    for (let r = 0; r < events.length; r++) {
      const row = cursor.at(r);
      expect(row).toBe(cursor);
      for (const f of fields) expect(row[f], `${f} of row ${r}`).toEqual(decoded[r]![f]);
    }
  });
});
