import { describe, expect, it } from 'vitest';
import type { Heartbeat, LiveBatch } from '../../shared/protocol';
import type { GridEvent } from '../../shared/schemas/event';
import { makeEvent } from '../../tests/fixtures/events';
import { toBatch } from './batch';
import { LiveHub, type LiveSubscriber } from './live-hub';

function event(id: string, patch: Partial<GridEvent> = {}): GridEvent {
  return makeEvent(id, patch);
}
const inDistrict = (id: string, district: string) =>
  event(id, { grid: { micro: 'm', full: 'f', community: 'c', district } });

class FakeSubscriber implements LiveSubscriber {
  batches: LiveBatch[] = [];
  beats: Heartbeat[] = [];
  queued = 0;
  overflowed = 0;
  constructor(readonly id: string) {}
  send(batch: LiveBatch) {
    this.batches.push(batch);
  }
  beat(h: Heartbeat) {
    this.beats.push(h);
  }
  backlog() {
    return this.queued;
  }
  queuedBytes = 0;
  backlogBytes() {
    return this.queuedBytes;
  }
  overflow() {
    this.overflowed++;
  }
}

function makeHub(startSeq = 0) {
  let now = 0;
  const hub = new LiveHub({ flushMs: 50, maxBacklog: 10, heartbeatMs: 2000, now: () => now, startSeq });
  return { hub, advance: (ms: number) => (now += ms) };
}

describe('toBatch', () => {
  it('spans the seqs of its changes and keeps only the latest state of each event', () => {
    const batch = toBatch(
      [
        { seq: 7, event: event('a') },
        { seq: 8, event: event('b') },
        { seq: 9, event: event('a', { status: 'accepted' }) },
      ],
      123,
    );
    expect(batch).toEqual({
      fromSeq: 7,
      seq: 9,
      at: 123,
      events: [event('b'), event('a', { status: 'accepted' })],
    });
    expect(toBatch([], 0)).toBeNull();
  });
});

describe('LiveHub', () => {
  it('sends one batch per cadence, continuing from the seq the subscriber was given', () => {
    const { hub, advance } = makeHub(6);
    const s = new FakeSubscriber('s');
    expect(hub.subscribe(s, 'city', 0)).toBe(6);
    hub.publish([{ seq: 7, event: event('a') }]);
    hub.publish([{ seq: 8, event: event('b') }]);
    advance(50);
    hub.flush();
    expect(s.batches).toHaveLength(1);
    expect(s.batches[0]).toMatchObject({ fromSeq: 7, seq: 8 });
    expect(hub.lastPublishedSeq).toBe(8);
  });

  it('sends on a tick that comes a few ms early by the clock, not one tick late', () => {
    const { hub, advance } = makeHub();
    const s = new FakeSubscriber('s');
    hub.subscribe(s, 'city', 0);
    for (let seq = 1; seq <= 4; seq++) {
      hub.publish([{ seq, event: event(`e${seq}`) }]);
      // Ticks 47, 53, 48, 52 ms apart: each one finds the change of the tick before it.
      advance(seq % 2 ? 47 : 53);
      hub.flush();
    }
    expect(s.batches.map((b) => b.seq)).toEqual([1, 2, 3, 4]);
  });

  it('holds changes for a slower cadence and merges them into one batch', () => {
    const { hub, advance } = makeHub();
    const wall = new FakeSubscriber('wall');
    hub.subscribe(wall, 'city', 250);
    for (let seq = 1; seq <= 5; seq++) {
      hub.publish([{ seq, event: event(`e${seq}`) }]);
      advance(50);
      hub.flush();
    }
    expect(wall.batches).toHaveLength(1);
    expect(wall.batches[0]).toMatchObject({ fromSeq: 1, seq: 5 });
    expect(wall.batches[0]!.events).toHaveLength(5);
  });

  it('filters by scope yet keeps each channel contiguous in seq', () => {
    const { hub, advance } = makeHub();
    const d1 = new FakeSubscriber('d1');
    hub.subscribe(d1, 'district:D01', 0);
    hub.publish([
      { seq: 1, event: inDistrict('a', 'D01') },
      { seq: 2, event: inDistrict('b', 'D02') },
    ]);
    advance(50);
    hub.flush();
    hub.publish([{ seq: 3, event: inDistrict('c', 'D02') }]);
    hub.publish([{ seq: 4, event: inDistrict('d', 'D01') }]);
    advance(50);
    hub.flush();
    expect(d1.batches.map((b) => [b.fromSeq, b.seq, b.events.map((e) => e.id)])).toEqual([
      [1, 2, ['a']],
      [3, 4, ['d']],
    ]);
  });

  it('moves a subscriber with too big a backlog to resync, without slowing the others', () => {
    const { hub, advance } = makeHub();
    const slow = new FakeSubscriber('slow');
    const fast = new FakeSubscriber('fast');
    hub.subscribe(slow, 'city', 0);
    hub.subscribe(fast, 'city', 0);
    slow.queued = 11;
    hub.publish([{ seq: 1, event: event('a') }]);
    advance(50);
    hub.flush();
    expect(slow.overflowed).toBe(1);
    expect(slow.batches).toHaveLength(0);
    expect(fast.batches).toHaveLength(1);
    hub.publish([{ seq: 2, event: event('b') }]);
    advance(50);
    hub.flush();
    expect(slow.overflowed).toBe(1);
    expect(fast.batches).toHaveLength(2);
    expect(hub.subscriberCount).toBe(1);
  });

  it('also moves a subscriber to resync when its unsent bytes pass the bound, however few the messages', () => {
    let now = 0;
    const hub = new LiveHub({
      flushMs: 50,
      maxBacklog: 10,
      maxBacklogBytes: 1_000_000,
      heartbeatMs: 2000,
      now: () => now,
      startSeq: 0,
    });
    const big = new FakeSubscriber('big');
    const small = new FakeSubscriber('small');
    hub.subscribe(big, 'city', 0);
    hub.subscribe(small, 'city', 0);
    big.queued = 2;
    big.queuedBytes = 1_000_001;
    small.queued = 2;
    small.queuedBytes = 999_999;
    hub.publish([{ seq: 1, event: event('a') }]);
    now += 50;
    hub.flush();
    expect([big.overflowed, small.overflowed]).toEqual([1, 0]);
    expect(small.batches).toHaveLength(1);
    expect(hub.subscriberCount).toBe(1);
  });

  it('sends heartbeats on a quiet channel, and flushes everything on stop', () => {
    const { hub, advance } = makeHub(3);
    const s = new FakeSubscriber('s');
    hub.subscribe(s, 'city', 250);
    advance(2000);
    hub.flush();
    expect(s.beats).toEqual([{ seq: 3, at: 2000 }]);
    hub.publish([{ seq: 4, event: event('a') }]);
    hub.stop();
    expect(s.batches.map((b) => b.seq)).toEqual([4]);
  });
});
