import { describe, expect, it } from 'vitest';
import { makeEvent } from '../../tests/fixtures/events';
import { pathOf } from '../../tests/fixtures/rule-timeline';
import { compactScores, type RiskIndex, riskScores } from './risk-score';

const index: RiskIndex = {
  microIndex: new Map([
    ['m1', 0],
    ['m2', 1],
    ['m3', 2],
    ['m4', 3],
  ]),
  microsOf: (id) => ({ m1: [0], c1: [0, 1], d1: [0, 1, 2, 3] })[id] ?? [],
  size: 4,
};
const weights = {
  halfLifeMinutes: 60,
  severityWeights: { low: 1, medium: 2, high: 4, critical: 8 },
  levelWeights: { blue: 4, yellow: 8, orange: 16, red: 32 },
};

describe('risk score', () => {
  it('weights events by severity and alerts by level, halving every half-life, spread over coarse grids', () => {
    const now = 10 * 3_600_000;
    const events = [
      makeEvent('a', { grid: pathOf('m1'), severity: 'critical', receivedAt: now }),
      makeEvent('b', { grid: pathOf('m2'), severity: 'low', receivedAt: now - 3_600_000 }),
      makeEvent('c', { grid: null, severity: 'critical', receivedAt: now }),
    ];
    const alerts = [
      {
        level: 'red' as const,
        scope: { level: 'community' as const, gridId: 'c1', districtId: 'd1', communityId: 'c1' },
        lastSeenAt: now,
      },
      {
        level: 'blue' as const,
        scope: { level: 'city' as const, gridId: 'city', districtId: null, communityId: null },
        lastSeenAt: now,
      },
    ];
    expect(compactScores(riskScores(index, events, alerts, now, weights))).toEqual([8 + 16, 0.5 + 16, 0, 0]);
  });
});
