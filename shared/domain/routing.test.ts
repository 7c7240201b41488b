import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from './categories';
import type { GridPath } from './grid';
import { type Responsibilities, responsibilityProblems } from './responsibilities';
import { proposeUnit } from './routing';

const lists = JSON.parse(readFileSync('data/longgang/responsibilities.json', 'utf8')) as Responsibilities;
const path: GridPath = {
  micro: '330383198001F01M01',
  full: '330383198001F01',
  community: '330383198001',
  district: 'D01',
};
const NAMES: Record<string, string> = {
  D01: '老城片区',
  '330383198001': '金钗河社区',
  '330383198001F01': '金钗河第1全科网格',
};
const names = (id: string) => NAMES[id];

/** The shipped lists, restated by hand: who answers for each kind of event, and how fast. */
const EXPECTED: Record<string, [string, number]> = {
  'safety.fire-hazard': ['district:D01', 4],
  'safety.hazmat': ['dept:emergency', 4],
  'safety.workshop': ['district:D01', 24],
  'stability.petition': ['district:D01', 72],
  'stability.dispute': ['community:330383198001', 48],
  'stability.gathering': ['dept:police', 2],
  'environment.garbage': ['provider:sanitation', 24],
  'environment.sewage': ['dept:ecology', 24],
  'environment.noise': ['team:330383198001F01', 12],
  'policy.land': ['district:D01', 120],
  'policy.demolition': ['district:D01', 120],
  'party.service': ['community:330383198001', 168],
  'urban.street-order': ['team:330383198001F01', 8],
  'urban.illegal-building': ['dept:enforcement', 72],
  'urban.advertising': ['district:D01', 24],
  'urban.facility': ['provider:municipal', 24],
  'livelihood.elderly': ['district:D01', 48],
  'livelihood.childcare': ['district:D01', 48],
  'livelihood.disability': ['community:330383198001', 48],
  'traffic.illegal-parking': ['dept:traffic-police', 2],
  'traffic.accident': ['dept:traffic-police', 1],
  'traffic.signal': ['provider:traffic-facility', 4],
  'emergency.waterlogging': ['district:D01', 2],
  'emergency.typhoon': ['dept:emergency', 1],
  'emergency.fire': ['dept:fire', 1],
};

describe('the shipped responsibility lists', () => {
  it('pass every check and have the seed sizes: 168 / 112 / 35 items', () => {
    expect(responsibilityProblems(lists)).toEqual([]);
    expect(lists.lists.map((l) => [l.id, l.items.length])).toEqual([
      ['department', 168],
      ['purchased', 112],
      ['community', 35],
    ]);
    expect(lists.synthetic).toBe(true);
  });

  it('route every subcategory of the taxonomy to the right unit, within its time limit', () => {
    const kinds = CATEGORIES.flatMap((c) => c.subcategories.map((s) => ({ c, s })));
    expect(kinds).toHaveLength(Object.keys(EXPECTED).length);
    for (const { c, s } of kinds) {
      const key = `${c.id}.${s.id}`;
      const p = proposeUnit({ category: c.id, subcategory: s.id }, lists, path, names);
      expect([p?.unitId, p?.limitHours], key).toEqual(EXPECTED[key]);
      expect(p!.limitHours, key).toBeLessThanOrEqual(s.limitHours);
      expect(p!.reason, key).toContain(p!.itemId);
    }
  });

  it('names grid units after the grid and department units after the department', () => {
    const team = proposeUnit({ category: 'urban', subcategory: 'street-order' }, lists, path, names)!;
    expect(team).toMatchObject({ level: 'grid', unitName: '金钗河第1全科网格团队' });
    const fire = proposeUnit({ category: 'emergency', subcategory: 'fire' }, lists, path, names)!;
    expect(fire).toMatchObject({ level: 'department', unitName: '龙港市消防救援大队' });
  });

  it('raises a key-person event to the district, and sends an event without grids to the owning unit', () => {
    const key = proposeUnit(
      { category: 'stability', subcategory: 'dispute', keyPerson: true },
      lists,
      path,
      names,
    )!;
    expect(key.unitId).toBe('district:D01');
    expect(key.reason).toContain('重点人员');
    const lost = proposeUnit({ category: 'urban', subcategory: 'street-order' }, lists, null, names)!;
    expect(lost).toMatchObject({ unitId: 'dept:enforcement', level: 'department' });
    expect(lost.reason).toContain('未落入网格');
  });

  it('proposes nothing for a kind no list covers', () => {
    expect(proposeUnit({ category: 'urban', subcategory: 'nope' }, lists, path, names)).toBeNull();
  });
});

describe('responsibilityProblems', () => {
  const copy = () => structuredClone(lists);
  it('names a missing route, a dangling item and a department route without a unit', () => {
    const bad = copy();
    bad.routes = bad.routes.filter((r) => r.subcategory !== 'fire');
    bad.routes[0]!.itemId = 'NOPE-1';
    const dept = bad.routes.find((r) => r.level === 'department')!;
    dept.unitId = null;
    expect(responsibilityProblems(bad)).toEqual(
      expect.arrayContaining([
        '/routes: no route for emergency.fire',
        '/routes/0: unknown item NOPE-1',
        expect.stringMatching(/a department route needs a known unitId/),
      ]),
    );
  });
  it('reports schema problems with their path', () => {
    const bad = copy() as unknown as { routes: { limitHours: number }[] };
    bad.routes[3]!.limitHours = -1;
    expect(responsibilityProblems(bad)[0]).toMatch(/^\/routes\/3\/limitHours: /);
  });
});
