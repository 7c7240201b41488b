import { describe, expect, it } from 'vitest';
import type { GridInfo, GridLevel } from '../domain/grid';
import { buildHierarchy } from './hierarchy';

const g = (id: string, level: GridLevel, parentId: string | null): GridInfo => ({
  id,
  code: id,
  name: id,
  level,
  parentId,
  population: 0,
  households: 0,
});

describe('buildHierarchy', () => {
  const h = buildHierarchy([
    g('city', 'city', null),
    g('D01', 'district', 'city'),
    g('C1', 'community', 'D01'),
    g('C1F02', 'full', 'C1'),
    g('C1F01', 'full', 'C1'),
    g('C1F01M01', 'micro', 'C1F01'),
    g('orphan', 'micro', 'nowhere'),
  ]);

  it('gives the micro → district path', () => {
    expect(h.pathOf('C1F01M01')).toEqual({
      micro: 'C1F01M01',
      full: 'C1F01',
      community: 'C1',
      district: 'D01',
    });
  });

  it('answers null for non-micro ids, unknown ids and broken chains', () => {
    expect(h.pathOf('C1F01')).toBeNull();
    expect(h.pathOf('nope')).toBeNull();
    expect(h.pathOf('orphan')).toBeNull();
  });

  it('lists children in id order and ancestors nearest first', () => {
    expect(h.childrenOf('C1')).toEqual(['C1F01', 'C1F02']);
    expect(h.childrenOf('C1F01M01')).toEqual([]);
    expect(h.ancestorsOf('C1F01M01').map((a) => a.id)).toEqual(['C1F01', 'C1', 'D01', 'city']);
  });
});
