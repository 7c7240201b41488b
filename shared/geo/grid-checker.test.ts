import { describe, expect, it } from 'vitest';
import type { Position } from './geometry';
import { type CheckFeature, type CheckLevel, checkGrids } from './grid-checker';

// Fixtures near Longgang: 0.01° is about 1 km, so areas are in the 10⁵–10⁶ m² range.
const X = 120.5;
const Y = 27.5;
const rect = (x0: number, y0: number, x1: number, y1: number): Position[] => [
  [X + x0, Y + y0],
  [X + x1, Y + y0],
  [X + x1, Y + y1],
  [X + x0, Y + y1],
  [X + x0, Y + y0],
];
const f = (id: string, parentId: string | null, ring: Position[]): CheckFeature => ({
  id,
  parentId,
  geometry: { type: 'Polygon', coordinates: [ring] },
});

/** City 0.02 × 0.02; two districts (west, east); each split into a north and a south community. */
function fixture(): CheckLevel[] {
  return [
    { level: 'city', features: [f('city', null, rect(0, 0, 0.02, 0.02))] },
    {
      level: 'district',
      features: [f('W', 'city', rect(0, 0, 0.01, 0.02)), f('E', 'city', rect(0.01, 0, 0.02, 0.02))],
    },
    {
      level: 'community',
      features: [
        f('WS', 'W', rect(0, 0, 0.01, 0.01)),
        f('WN', 'W', rect(0, 0.01, 0.01, 0.02)),
        f('ES', 'E', rect(0.01, 0, 0.02, 0.01)),
        f('EN', 'E', rect(0.01, 0.01, 0.02, 0.02)),
      ],
    },
  ];
}

/** Replaces one community in the fixture. */
function withCommunity(
  id: string,
  replacement: CheckFeature | null,
  extra: CheckFeature[] = [],
): CheckLevel[] {
  const levels = fixture();
  const c = levels[2]!;
  const features = c.features.filter((x) => x.id !== id);
  levels[2] = { level: c.level, features: [...features, ...(replacement ? [replacement] : []), ...extra] };
  return levels;
}

const kinds = (levels: CheckLevel[], opts = {}) =>
  checkGrids(levels, opts).map((p) => `${p.featureId}:${p.problem}`);
/** Overlaps are reported once per pair, on the first of the two; the message names both. */
const overlapsOf = (levels: CheckLevel[], id: string, opts = {}) =>
  checkGrids(levels, opts).filter((p) => p.problem === 'overlap' && p.message.includes(id));

describe('checkGrids', () => {
  it('accepts a hierarchy that nests, covers and does not overlap', () => {
    expect(checkGrids(fixture())).toEqual([]);
  });

  it('reports a ring that is not closed and one with too few vertices', () => {
    const open = rect(0, 0, 0.01, 0.01).slice(0, 4);
    expect(kinds(withCommunity('WS', f('WS', 'W', open)))).toContain('WS:invalid-ring');
    const line: Position[] = [
      [X, Y],
      [X + 0.01, Y],
      [X, Y],
    ];
    const problems = checkGrids(withCommunity('WS', f('WS', 'W', line)));
    expect(problems.find((p) => p.featureId === 'WS')?.message).toMatch(/distinct vertices/);
  });

  it('reports a self-intersecting (bow-tie) ring', () => {
    // Asymmetric, so its signed area is not zero and only the crossing can give it away.
    const bowtie: Position[] = [
      [X, Y],
      [X + 0.01, Y + 0.01],
      [X + 0.01, Y],
      [X, Y + 0.02],
      [X, Y],
    ];
    expect(kinds(withCommunity('WS', f('WS', 'W', bowtie)))).toContain('WS:self-intersection');
  });

  it('reports a duplicate id', () => {
    const dup = f('WN', 'W', rect(0, 0, 0.01, 0.01));
    expect(kinds(withCommunity('WS', dup))).toContain('WN:duplicate-id');
  });

  it('reports missing and unknown parents', () => {
    expect(kinds(withCommunity('WS', f('WS', null, rect(0, 0, 0.01, 0.01))))).toContain('WS:missing-parent');
    const problems = checkGrids(withCommunity('WS', f('WS', 'X9', rect(0, 0, 0.01, 0.01))));
    expect(problems).toContainEqual(
      expect.objectContaining({
        featureId: 'WS',
        problem: 'unknown-parent',
        message: expect.stringMatching(/X9/),
      }),
    );
  });

  it('reports a child that reaches outside its parent, with the area', () => {
    // WS claims a strip of the east district: it lies outside W and overlaps ES.
    const problems = checkGrids(withCommunity('WS', f('WS', 'W', rect(0, 0, 0.011, 0.01))));
    const outside = problems.find((p) => p.problem === 'outside-parent');
    expect(outside?.featureId).toBe('WS');
    expect(outside?.message).toMatch(/(10[0-9]{3}|9[0-9]{3}) m² of WS lies outside its parent W/);
    expect(problems.map((p) => p.problem)).toContain('overlap');
  });

  it('reports overlapping siblings, including identical copies', () => {
    const twin = f('WS2', 'W', rect(0, 0, 0.01, 0.01));
    expect(overlapsOf(withCommunity('XX', null, [twin]), 'WS2')).toHaveLength(1);
    const shifted = f('WN', 'W', rect(0, 0.009, 0.01, 0.02));
    expect(overlapsOf(withCommunity('WN', shifted), 'WN')[0]?.message).toMatch(/WN|WS/);
  });

  it('reports a gap on the parent that is not covered', () => {
    const short = f('EN', 'E', rect(0.01, 0.01, 0.02, 0.019));
    const problems = checkGrids(withCommunity('EN', short));
    expect(problems).toEqual([expect.objectContaining({ featureId: 'E', problem: 'gap' })]);
    expect(kinds(withCommunity('EN', null))).toEqual(['E:gap']);
  });

  it('reports coordinates outside WGS-84 or the expected area', () => {
    const swapped: Position[] = rect(0, 0, 0.01, 0.01).map(([x, y]) => [y, x]);
    expect(kinds(withCommunity('WS', f('WS', 'W', swapped)), { expectedBBox: [120, 27, 121, 28] })).toContain(
      'WS:coordinate-range',
    );
    const polar: Position[] = [
      [X, 95],
      [X + 1, 95],
      [X + 1, 96],
      [X, 95],
    ];
    expect(kinds(withCommunity('WS', f('WS', 'W', polar)))).toContain('WS:coordinate-range');
  });

  it('ignores slivers below the tolerance and reports them above it', () => {
    // 1e-7° of overlap along a 1 km edge is about 0.01 m × 1000 m = 10 m².
    const sliver = f('WN', 'W', rect(0, 0.01 - 1e-7, 0.01, 0.02));
    expect(kinds(withCommunity('WN', sliver), { areaToleranceM2: 50 })).toEqual([]);
    expect(overlapsOf(withCommunity('WN', sliver), 'WN', { areaToleranceM2: 1 })).toHaveLength(1);
  });
});
