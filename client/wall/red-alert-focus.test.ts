import { describe, expect, it } from 'vitest';
import type { Alert } from '../../shared/schemas/alert';
import { alertBBox, newRedAlerts } from './red-alert-focus';

const alert = (id: string, level: Alert['level'], firstSeenAt = 0, point: [number, number] | null = null) =>
  ({
    id,
    level,
    firstSeenAt,
    lon: point?.[0] ?? null,
    lat: point?.[1] ?? null,
    scope: { level: 'community', gridId: 'c1', districtId: 'd1', communityId: 'c1' },
  }) as unknown as Alert;

describe('flying to new red alerts', () => {
  it('ignores what was already raised when the wall starts, then reports each new red once, newest first', () => {
    const seen = new Set<string>();
    expect(newRedAlerts([alert('old', 'red')], seen, true)).toEqual([]);
    const next = newRedAlerts(
      [alert('old', 'red'), alert('a', 'red', 5), alert('b', 'red', 9), alert('y', 'yellow')],
      seen,
      false,
    );
    expect(next.map((a) => a.id)).toEqual(['b', 'a']);
    expect(newRedAlerts([alert('a', 'red', 5)], seen, false)).toEqual([]);
    // Only what is still up is remembered: a wall running for weeks does not collect every id.
    expect([...seen]).toEqual(['a']);
  });

  it("frames the alert's point, or its grid when it has none", () => {
    expect(alertBBox(alert('p', 'red', 0, [120.5, 27.5]), () => null)).toEqual([
      120.492, 27.492, 120.508, 27.508,
    ]);
    expect(alertBBox(alert('g', 'red'), (id) => (id === 'c1' ? [1, 2, 3, 4] : null))).toEqual([1, 2, 3, 4]);
  });
});
