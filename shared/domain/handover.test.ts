import { describe, expect, it } from 'vitest';
import { makeEvent } from '../../tests/fixtures/events';
import { openAt, summarizeHandover } from './handover';

const H = 3_600_000;
const grid = (community: string) => ({ micro: 'm', full: 'f', community, district: 'd' });

describe('shift handover', () => {
  const events = [
    makeEvent('before', { occurredAt: 0, closedAt: 3 * H, status: 'closed', grid: grid('c1') }),
    makeEvent('fire', { occurredAt: 2 * H, severity: 'critical', category: 'emergency', grid: grid('c2') }),
    makeEvent('late', {
      occurredAt: 3 * H,
      status: 'handling',
      dispatchedAt: 3 * H,
      dueAt: 4 * H,
      grid: grid('c2'),
    }),
    makeEvent('quick', { occurredAt: 5 * H, closedAt: 6 * H, status: 'closed', grid: grid('c1') }),
    makeEvent('after', { occurredAt: 9 * H, grid: grid('c3') }),
  ];

  it('knows which events were open at any moment of the shift', () => {
    expect(openAt(events, 1 * H).map((e) => e.id)).toEqual(['before']);
    expect(openAt(events, 5.5 * H).map((e) => e.id)).toEqual(['fire', 'late', 'quick']);
    expect(openAt(events, 7 * H).map((e) => e.id)).toEqual(['fire', 'late']);
  });

  it('summarises what changed: reports, closures, new severe events, overdue left over, busiest communities', () => {
    const s = summarizeHandover(events, 1 * H, 8 * H);
    expect(s.reported).toBe(3);
    expect(s.closed).toBe(2);
    expect(s.newSevere.map((e) => e.id)).toEqual(['fire']);
    expect(s.unresolvedOverdue.map((e) => e.id)).toEqual(['late']);
    expect(s.topCommunities).toEqual([
      { id: 'c2', count: 2 },
      { id: 'c1', count: 1 },
    ]);
    expect(s.byCategory).toEqual({ emergency: 1, urban: 2 });
  });
});
