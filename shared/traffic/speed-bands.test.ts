import { describe, expect, it } from 'vitest';
import { levelOfSpeed, ROAD_CLASSES, segmentIndex, TRAFFIC_LEVELS, tpiLevel } from './speed-bands';

describe('levelOfSpeed: the per-class bands of domain.md, thresholds in the slower band', () => {
  it.each([
    ['expressway', 65.1, 0],
    ['expressway', 65, 1],
    ['expressway', 50, 2],
    ['expressway', 35, 3],
    ['expressway', 20.5, 3],
    ['expressway', 20, 4],
    ['arterial', 41, 0],
    ['arterial', 40, 1],
    ['arterial', 30, 2],
    ['arterial', 20, 3],
    ['arterial', 15, 4],
    ['collector', 36, 0],
    ['collector', 25, 2],
    ['collector', 10.1, 3],
    ['collector', 10, 4],
    ['branch', 35.5, 0],
    ['branch', 0, 4],
  ] as const)('%s at %d km/h is level %d', (roadClass, speed, level) => {
    expect(levelOfSpeed(speed, roadClass)).toBe(level);
  });

  it('names the five bands in Chinese, free to heavy', () => {
    expect(TRAFFIC_LEVELS.map((l) => l.name)).toEqual([
      '畅通',
      '基本畅通',
      '轻度拥堵',
      '中度拥堵',
      '严重拥堵',
    ]);
  });
});

describe('segmentIndex: piecewise linear with knots on the band edges', () => {
  it('matches hand-worked values', () => {
    // arterial knots: 50 → 0, 40 → 2, 30 → 4, 20 → 6, 15 → 8, 0 → 10
    expect(segmentIndex(60, 'arterial')).toBe(0);
    expect(segmentIndex(50, 'arterial')).toBe(0);
    expect(segmentIndex(45, 'arterial')).toBeCloseTo(1); // (50 − 45) / 10 × 2
    expect(segmentIndex(40, 'arterial')).toBe(2);
    expect(segmentIndex(35, 'arterial')).toBeCloseTo(3); // 2 + (40 − 35) / 10 × 2
    expect(segmentIndex(17.5, 'arterial')).toBeCloseTo(7); // 6 + (20 − 17.5) / 5 × 2
    expect(segmentIndex(7.5, 'arterial')).toBeCloseTo(9); // 8 + (15 − 7.5) / 15 × 2
    expect(segmentIndex(0, 'arterial')).toBe(10);
    // expressway knots: 80 → 0, 65 → 2, 50 → 4, 35 → 6, 20 → 8
    expect(segmentIndex(27.5, 'expressway')).toBeCloseTo(7); // 6 + (35 − 27.5) / 15 × 2
    expect(segmentIndex(57.5, 'expressway')).toBeCloseTo(3);
  });

  it('puts every speed in the TPI band of its level, and never rises with speed', () => {
    for (const roadClass of ROAD_CLASSES) {
      let previous = 10;
      for (let v = 0; v <= 150; v += 0.25) {
        const index = segmentIndex(v, roadClass);
        expect(tpiLevel(index), `${roadClass} ${v}`).toBe(levelOfSpeed(v, roadClass));
        expect(index).toBeLessThanOrEqual(previous);
        previous = index;
      }
    }
  });
});

describe('tpiLevel', () => {
  it('bands 0–2 … 8–10, lower edge inclusive', () => {
    expect([0, 1.99, 2, 3.9, 4, 6, 7.99, 8, 10].map(tpiLevel)).toEqual([0, 0, 1, 1, 2, 3, 3, 4, 4]);
  });
});
