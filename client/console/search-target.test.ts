import { describe, expect, it } from 'vitest';
import type { GridInfo } from '../../shared/domain/grid';
import { searchTarget } from './search-target';

const grid = (id: string, code: string, name: string) => [id, { id, code, name } as GridInfo] as const;
const GRIDS = new Map([grid('g-1', '330383001', '金钗河社区'), grid('g-2', '330383002', '江山社区')]);
const held = new Set(['e-1']);
const has = (id: string) => held.has(id);

describe('the console search', () => {
  it('opens an event the store holds, then a grid by name, code or id, else looks the id up', () => {
    expect(searchTarget(' e-1 ', has, GRIDS)).toEqual({ kind: 'event', id: 'e-1' });
    expect(searchTarget('金钗河', has, GRIDS)).toEqual({ kind: 'grid', id: 'g-1' });
    expect(searchTarget('330383002', has, GRIDS)).toEqual({ kind: 'grid', id: 'g-2' });
    expect(searchTarget('g-2', has, GRIDS)).toEqual({ kind: 'grid', id: 'g-2' });
    expect(searchTarget('e-404', has, GRIDS)).toEqual({ kind: 'event', id: 'e-404' });
    expect(searchTarget('   ', has, GRIDS)).toEqual({ kind: 'none' });
  });

  it('waits for the grids rather than looking a grid name up as an event id', () => {
    expect(searchTarget('金钗河社区', has, new Map())).toEqual({ kind: 'wait' });
    // An event the store holds needs no grids.
    expect(searchTarget('e-1', has, new Map())).toEqual({ kind: 'event', id: 'e-1' });
  });
});
