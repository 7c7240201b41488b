import { describe, expect, it } from 'vitest';
import { categoryById } from '../../shared/domain/categories';
import type { GridEvent } from '../../shared/schemas/event';
import { makeEvent } from '../../tests/fixtures/events';
import { LiveStore } from '../state/live-store';
import { SLA_RING } from './layers/event-style';
import { LivePoints } from './live-points';

/** The points as [lon, lat, red, radius, lineWidth] per slot, sorted, from the typed arrays handed out. */
function drawn(points: LivePoints) {
  const { length, positions, fill, radius, lineWidth } = points.data();
  return Array.from({ length }, (_, i) => [
    positions[2 * i]!,
    positions[2 * i + 1]!,
    fill[4 * i]!,
    radius[i]!,
    lineWidth[i]!,
  ]).sort((x, y) => x[0]! - y[0]!);
}

const at = (id: string, lon: number, patch: Partial<GridEvent> = {}) =>
  makeEvent(id, { lon: Math.fround(lon), lat: Math.fround(27.5), ...patch });

/** A live store and its points holding `events` from a snapshot at `seq`, on the clock `now`. */
function pointsOver(events: GridEvent[], now: () => number = () => 0, seq = 1) {
  const store = new LiveStore(now);
  const points = new LivePoints(store);
  store.applySnapshot({ seq, at: 0, events, counts: {} });
  return { store, points };
}

describe('LivePoints', () => {
  it('mirrors the store: snapshot, upserts, removals of closed events, with dense slots', () => {
    const { store, points } = pointsOver([at('a', 120.1), at('b', 120.2), at('c', 120.3)]);
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
    const { store, points } = pointsOver([at('a', 120.1)]);
    const first = points.data();
    expect(points.data()).toBe(first);
    store.applyBatch({ fromSeq: 2, seq: 2, at: 0, events: [at('b', 120.2)] });
    expect(points.data()).not.toBe(first);
    expect(points.handedOut).toBe(points.version);
  });

  it('grows past its capacity and keeps every point', () => {
    const { store, points } = pointsOver([], () => 0, 0);
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
    const e = at('a', 120.1, { status: 'dispatched', dispatchedAt: 0, dueAt: 100_000 });
    const { points } = pointsOver([e], () => clock);
    expect(drawn(points)[0]![4]).toBe(SLA_RING.ok.width);
    clock = 85_000;
    // Drawing alone does not sweep: the page's clock does.
    expect(drawn(points)[0]![4]).toBe(SLA_RING.ok.width);
    expect(points.followClock()).toBe(true);
    expect(drawn(points)[0]![4]).toBe(SLA_RING.near.width);
    clock = 120_000;
    expect(points.followClock()).toBe(true);
    expect(drawn(points)[0]![4]).toBe(SLA_RING.overdue.width);
    // The same tick again, or a new tick with no deadline crossed: nothing new to draw.
    expect(points.followClock()).toBe(false);
    clock = 135_000;
    const version = points.version;
    expect(points.followClock()).toBe(false);
    expect(points.version).toBe(version);
  });

  it('names every row that changed between two versions, and only asks for all rows when it cannot tell', () => {
    const { store, points } = pointsOver(
      Array.from({ length: 3000 }, (_, i) => at(`s${i}`, 120 + i * 1e-5)),
      () => 0,
      0,
    );
    // Each version's rows as plain arrays, to compare any two of them row by row.
    const copies = new Map<number, number[][]>();
    const keep = () => {
      const d = points.data();
      copies.set(
        d.version,
        Array.from({ length: d.length }, (_, i) => [
          d.positions[2 * i]!,
          d.fill[4 * i]!,
          d.line[4 * i]!,
          d.radius[i]!,
          d.lineWidth[i]!,
        ]),
      );
      return d.version;
    };
    const first = keep();
    let seq = 0;
    let next = 0;
    const ids = Array.from({ length: 3000 }, (_, i) => `s${i}`);
    const versions = [first];
    for (let b = 0; b < 12; b++) {
      // New events, closes of old ones (their slots take the last one's), and updates moving a point.
      const events: GridEvent[] = [];
      for (let k = 0; k < 40; k++) events.push(at(`n${next++}`, 121 + next * 1e-5));
      for (let k = 0; k < 15; k++)
        events.push(at(ids[(b * 197 + k * 31) % ids.length]!, 120, { status: 'closed' }));
      for (let k = 0; k < 10; k++)
        events.push(at(ids[(b * 89 + k * 277 + 5) % ids.length]!, 122 + b + k * 1e-3, { severity: 'high' }));
      store.applyBatch({ fromSeq: seq + 1, seq: seq + events.length, at: 0, events });
      seq += events.length;
      versions.push(keep());
    }
    let checked = 0;
    for (const from of versions)
      for (const to of versions) {
        if (to < from) continue;
        const ranges = points.rowsChanged(from, to);
        expect(ranges, `${from} → ${to}`).toBeDefined();
        const covered = (row: number) => ranges!.some((r) => r.startRow <= row && row < r.endRow);
        const [a, z] = [copies.get(from)!, copies.get(to)!];
        for (let row = 0; row < z.length; row++)
          if (row >= a.length || a[row]!.some((v, k) => v !== z[row]![k])) {
            expect(covered(row), `row ${row} changed ${from} → ${to}`).toBe(true);
            checked++;
          }
        // A batch's rows, not all of them.
        if (to === from + 1)
          expect(ranges!.reduce((n, r) => n + r.endRow - r.startRow, 0)).toBeLessThan(z.length / 2);
      }
    expect(checked).toBeGreaterThan(1000);
    expect(points.rowsChanged(first, first)).toEqual([]);
    expect(points.rowsChanged(undefined, versions.at(-1)!)).toBeUndefined();
    // A snapshot rewrites every row.
    store.applySnapshot({ seq: seq + 1, at: 0, events: [at('x', 120)], counts: {} });
    expect(points.rowsChanged(versions.at(-1)!, keep())).toBeUndefined();
  });

  it('asks for every row once a version has left its log', () => {
    const { store, points } = pointsOver([], () => 0, 0);
    const old = points.data().version;
    for (let b = 1; b <= 40; b++)
      store.applyBatch({ fromSeq: b, seq: b, at: 0, events: [at(`e${b}`, 120 + b * 1e-4)] });
    const now = points.data().version;
    expect(points.rowsChanged(now - 5, now)).toEqual([{ startRow: 35, endRow: 40 }]);
    expect(points.rowsChanged(old, now)).toBeUndefined();
  });

  it('names only the rows whose rings changed when deadlines pass, scattered as they are', () => {
    let clock = 0;
    // Every 500th point's deadline passes at 60 s, the rest in an hour.
    const events = Array.from({ length: 5000 }, (_, i) =>
      at(`e${i}`, 120 + i * 1e-5, {
        status: 'dispatched',
        dispatchedAt: 0,
        dueAt: i % 500 === 0 ? 60_000 : 3_600_000,
      }),
    );
    const { points } = pointsOver(events, () => clock);
    const before = points.data().version;
    clock = 70_000;
    expect(points.followClock()).toBe(true);
    const after = points.data();
    const ranges = points.rowsChanged(before, after.version)!;
    expect(ranges).toHaveLength(10);
    for (const r of ranges) {
      expect(r.endRow - r.startRow).toBe(1);
      expect(after.lineWidth[r.startRow]).toBe(SLA_RING.overdue.width);
    }
  });
});
