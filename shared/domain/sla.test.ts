import { describe, expect, it } from 'vitest';
import { makeEvent } from '../../tests/fixtures/events';
import { rollUpCounts } from './grid-counts';
import { escalationLevel, slaState } from './sla';

const HOUR = 3_600_000;
// Dispatched at 0 with a 10-hour limit.
const dispatched = makeEvent('e', { status: 'dispatched', dispatchedAt: 0, dueAt: 10 * HOUR });

describe('slaState', () => {
  it('runs only while the event is with a team', () => {
    expect(slaState(makeEvent('r'), 99 * HOUR)).toBe('none');
    expect(slaState({ ...dispatched, status: 'handled' }, 99 * HOUR)).toBe('none');
  });

  it('is ok, then near in the last 20 %, then overdue past the deadline', () => {
    expect(slaState(dispatched, 7.9 * HOUR)).toBe('ok');
    expect(slaState(dispatched, 8 * HOUR)).toBe('near');
    expect(slaState({ ...dispatched, status: 'handling' }, 10 * HOUR)).toBe('near');
    expect(slaState(dispatched, 10 * HOUR + 1)).toBe('overdue');
  });
});

describe('escalationLevel', () => {
  it('stays with the grid team on time, then climbs one level per further time limit', () => {
    expect(escalationLevel(dispatched, 9 * HOUR)).toBe('full');
    expect(escalationLevel(dispatched, 10 * HOUR + 1)).toBe('community');
    expect(escalationLevel(dispatched, 20 * HOUR)).toBe('district');
    expect(escalationLevel(dispatched, 30 * HOUR)).toBe('city');
    expect(escalationLevel(dispatched, 300 * HOUR)).toBe('city');
  });
});

describe('rollUpCounts', () => {
  it('counts each open event at every level of its path and for the city', () => {
    const a = { micro: 'm1', full: 'f1', community: 'c1', district: 'd1' };
    const b = { micro: 'm2', full: 'f1', community: 'c1', district: 'd1' };
    const counts = rollUpCounts(
      [
        { ...dispatched, id: '1', grid: a, severity: 'critical' },
        { ...dispatched, id: '2', grid: b, dueAt: 100 * HOUR },
        makeEvent('3', { grid: b, status: 'closed' }),
        makeEvent('4', { grid: null }),
      ],
      11 * HOUR,
    );
    expect(counts.get('m1')).toEqual({ open: 1, overdue: 1, near: 0, severe: 1 });
    expect(counts.get('f1')).toEqual({ open: 2, overdue: 1, near: 0, severe: 1 });
    expect(counts.get('d1')).toEqual({ open: 2, overdue: 1, near: 0, severe: 1 });
    expect(counts.get('city')).toEqual({ open: 3, overdue: 1, near: 0, severe: 1 });
    expect(counts.has('m3')).toBe(false);
  });
});
