import { describe, expect, it } from 'vitest';
import { apportion, serpentine } from './assign-hierarchy';
import { type CellGraph, splitEvenly } from './partition';

/** A w × h lattice graph with 4-neighbour adjacency. */
function lattice(w: number, h: number): CellGraph {
  const pos: [number, number][] = [];
  const neighbors: number[][] = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      pos.push([x, y]);
      const n: number[] = [];
      if (x > 0) n.push(y * w + x - 1);
      if (x < w - 1) n.push(y * w + x + 1);
      if (y > 0) n.push((y - 1) * w + x);
      if (y < h - 1) n.push((y + 1) * w + x);
      neighbors.push(n);
    }
  }
  return { pos, neighbors };
}

function connected(g: CellGraph, group: number[]): boolean {
  const inside = new Set(group);
  const seen = new Set([group[0]!]);
  const stack = [group[0]!];
  while (stack.length) {
    for (const u of g.neighbors[stack.pop()!]!) {
      if (inside.has(u) && !seen.has(u)) {
        seen.add(u);
        stack.push(u);
      }
    }
  }
  return seen.size === group.length;
}

describe('splitEvenly', () => {
  it('splits into exactly k connected, non-empty, roughly equal regions covering every cell', () => {
    const g = lattice(20, 15);
    const all = g.pos.map((_, i) => i);
    for (const k of [1, 3, 7, 12]) {
      const groups = splitEvenly(g, all, k);
      expect(groups).toHaveLength(k);
      expect(groups.flat().sort((a, b) => a - b)).toEqual(all);
      for (const grp of groups) {
        expect(grp.length).toBeGreaterThan(0);
        expect(connected(g, grp)).toBe(true);
        expect(grp.length).toBeLessThan((300 / k) * 1.6);
      }
    }
  });
});

describe('apportion', () => {
  it('sums exactly to the total and respects the minimum', () => {
    const parts = apportion(368, [30, 12, 45, 1, 7, 80], 2);
    expect(parts.reduce((s, v) => s + v, 0)).toBe(368);
    expect(Math.min(...parts)).toBeGreaterThanOrEqual(2);
    expect(parts[5]!).toBeGreaterThan(parts[0]!);
  });
});

describe('serpentine', () => {
  it('orders north to south, alternating direction per band', () => {
    const pos: [number, number][] = [
      [0, 1],
      [1, 1],
      [0, 0],
      [1, 0],
    ];
    expect(serpentine(pos, [3, 2, 1, 0])).toEqual([0, 1, 3, 2]);
  });
});
