import { describe, expect, it } from 'vitest';
import { categoryById } from '../../shared/domain/categories';
import type { GridEvent } from '../../shared/schemas/event';
import { makeEvent } from '../../tests/fixtures/events';
import { LiveStore } from '../state/live-store';
import { SLA_RING } from './layers/event-style';
import { LivePoints } from './live-points';

/** The points as [lon, lat, red, radius, lineWidth] per slot, sorted, from the typed arrays handed out. */
function drawn(points: LivePoints) {
  const { length, attributes: a } = points.data();
  return Array.from({ length }, (_, i) => [
    a.getPosition.value[2 * i]!,
    a.getPosition.value[2 * i + 1]!,
    a.getFillColor.value[4 * i]!,
    a.getRadius.value[i]!,
    a.getLineWidth.value[i]!,
  ]).sort((x, y) => x[0]! - y[0]!);
}

const at = (id: string, lon: number, patch: Partial<GridEvent> = {}) =>
  makeEvent(id, { lon: Math.fround(lon), lat: Math.fround(27.5), ...patch });

describe('LivePoints', () => {
  it('mirrors the store: snapshot, upserts, removals of closed events, with dense slots', () => {
    const store = new LiveStore(() => 0);
    const points = new LivePoints(store);
    store.applySnapshot({
      seq: 1,
      at: 0,
      events: [at('a', 120.1), at('b', 120.2), at('c', 120.3)],
      counts: {},
    });
    expect(points.length).toBe(3);
    const v = points.version;
    store.applyBatch({
      fromSeq: 2,
      seq: 4,
      at: 0,
      events: [
        at('a', 120.1, { status: 'closed' }),
        at('d', 120.4, { severity: 'critical' }),
        at('b', 120.25),
      ],
    });
    expect(points.version).toBeGreaterThan(v);
    const red = categoryById('urban')!.color[0];
    expect(drawn(points)).toEqual([
      [Math.fround(120.25), Math.fround(27.5), red, 5, 1],
      [Math.fround(120.3), Math.fround(27.5), red, 5, 1],
      [Math.fround(120.4), Math.fround(27.5), red, 9, 1],
    ]);
    expect(points.eventAt(5)).toBeUndefined();
  });

  it('hands out the same arrays until something changes, so a layer rebuilt for another reason uploads nothing', () => {
    const store = new LiveStore(() => 0);
    const points = new LivePoints(store);
    store.applySnapshot({ seq: 1, at: 0, events: [at('a', 120.1)], counts: {} });
    const first = points.data();
    expect(points.data()).toBe(first);
    store.applyBatch({ fromSeq: 2, seq: 2, at: 0, events: [at('b', 120.2)] });
    expect(points.data()).not.toBe(first);
    expect(points.handedOut).toBe(points.version);
  });

  it('grows past its capacity and keeps every point', () => {
    const store = new LiveStore(() => 0);
    const points = new LivePoints(store);
    store.applySnapshot({ seq: 0, at: 0, events: [], counts: {} });
    for (let b = 0; b < 5; b++)
      store.applyBatch({
        fromSeq: b * 1000 + 1,
        seq: (b + 1) * 1000,
        at: 0,
        events: Array.from({ length: 1000 }, (_, i) => at(`e${b}-${i}`, 120 + (b * 1000 + i) * 1e-5)),
      });
    expect(points.length).toBe(5000);
    expect(new Set(drawn(points).map((p) => p[0])).size).toBe(5000);
  });

  it("turns rings amber, then red, as the store's server time passes the deadlines", () => {
    let clock = 0;
    const store = new LiveStore(() => clock);
    const points = new LivePoints(store);
    const e = at('a', 120.1, { status: 'dispatched', dispatchedAt: 0, dueAt: 100_000 });
    store.applySnapshot({ seq: 1, at: 0, events: [e], counts: {} });
    expect(drawn(points)[0]![4]).toBe(SLA_RING.ok.width);
    clock = 85_000;
    expect(drawn(points)[0]![4]).toBe(SLA_RING.near.width);
    clock = 120_000;
    expect(drawn(points)[0]![4]).toBe(SLA_RING.overdue.width);
  });
});
