import { describe, expect, it } from 'vitest';
import type { GridEvent } from '../../shared/schemas/event';
import { makeEvent } from '../../tests/fixtures/events';
import type { LiveHub } from './live-hub';
import { SharedSnapshots, type SocketDeps } from './socket-server';

function setup() {
  let seq = 5;
  let reads = 0;
  let failNext = false;
  const events: GridEvent[] = [makeEvent('a', { reporter: { name: '张三', phone: '13812341234' } })];
  const deps = {
    store: {
      snapshot: async () => {
        reads++;
        if (failNext) {
          failNext = false;
          throw new Error('store away');
        }
        return { seq, events };
      },
    },
    hub: {
      get lastPublishedSeq() {
        return seq;
      },
    } as unknown as LiveHub,
    snapshotLimit: 100,
    now: () => 1000,
  } as unknown as SocketDeps;
  return {
    snapshots: new SharedSnapshots(deps),
    reads: () => reads,
    commit: () => seq++,
    fail: () => {
      failNext = true;
    },
  };
}

describe('SharedSnapshots', () => {
  it('reads and encodes one snapshot for the sockets that ask for the same one together', async () => {
    const { snapshots, reads } = setup();
    const [a, b] = await Promise.all([
      snapshots.get('city', true, false, 5),
      snapshots.get('city', true, false, 5),
    ]);
    const c = await snapshots.get('city', true, false, 4);
    expect(reads()).toBe(1);
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(a.event).toBe('sync:snapshot');
    expect(a.seq).toBe(5);
    // Masked for who asked masked; the full view and the columns are other snapshots.
    expect((a.payload as { events: GridEvent[] }).events[0]!.reporter?.phone).not.toBe('13812341234');
    const full = await snapshots.get('city', false, false, 5);
    const columns = await snapshots.get('city', true, true, 5);
    expect(reads()).toBe(3);
    expect((full.payload as { events: GridEvent[] }).events[0]!.reporter?.phone).toBe('13812341234');
    expect(columns.event).toBe('sync:columns');
  });

  it('reads again for a socket whose channel is past what the shared snapshot covers', async () => {
    const { snapshots, reads, commit } = setup();
    const first = await snapshots.get('city', false, false, 5);
    commit();
    const second = await snapshots.get('city', false, false, 6);
    expect(reads()).toBe(2);
    expect(second.seq).toBe(6);
    expect(second).not.toBe(first);
  });

  it('does not keep a failed read', async () => {
    const { snapshots, reads, fail } = setup();
    fail();
    await expect(snapshots.get('city', false, false, 5)).rejects.toThrow('store away');
    await expect(snapshots.get('city', false, false, 5)).resolves.toMatchObject({ seq: 5 });
    expect(reads()).toBe(2);
  });
});
