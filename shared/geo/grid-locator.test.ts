import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AreaFeature } from './geometry';
import { createGridLocator } from './grid-locator';

/** A unit square feature with its lower-left corner at (x, y). */
const square = (id: string, x: number, y: number, size = 1): AreaFeature => ({
  id,
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [x, y],
        [x + size, y],
        [x + size, y + size],
        [x, y + size],
        [x, y],
      ],
    ],
  },
});

// A 3×3 block of unit squares named by column and row, inserted in a scrambled order.
const names = (i: number, j: number) => `c${i}r${j}`;
const block: AreaFeature[] = [];
for (const i of [2, 0, 1]) for (const j of [1, 2, 0]) block.push(square(names(i, j), 120 + i, 27 + j));

describe('createGridLocator', () => {
  const locator = createGridLocator(block);

  it('finds the square containing an interior point', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 2.999, noNaN: true }),
        fc.double({ min: 0.001, max: 2.999, noNaN: true }),
        (dx, dy) => {
          fc.pre(Math.abs(dx - Math.round(dx)) > 1e-6 && Math.abs(dy - Math.round(dy)) > 1e-6);
          expect(locator.locate(120 + dx, 27 + dy)).toBe(names(Math.floor(dx), Math.floor(dy)));
        },
      ),
    );
  });

  it('answers null outside every feature', () => {
    expect(locator.locate(119.5, 27.5)).toBeNull();
    expect(locator.locate(123.01, 28)).toBeNull();
    expect(locator.locate(121.5, 30.2)).toBeNull();
  });

  it('gives points on shared edges and corners to the lowest id', () => {
    expect(locator.locate(121, 27.5)).toBe('c0r0'); // edge between c0r0 and c1r0
    expect(locator.locate(121.5, 28)).toBe('c1r0'); // edge between c1r0 and c1r1
    expect(locator.locate(121, 28)).toBe('c0r0'); // corner of four squares
    expect(locator.locate(122, 29)).toBe('c1r1');
    expect(locator.locate(123, 30)).toBe('c2r2'); // outer corner: boundary counts as inside
  });

  it('does not depend on input order', () => {
    const reversed = createGridLocator([...block].reverse());
    for (const [x, y] of [
      [121, 28],
      [122, 27.3],
      [120.2, 29.9],
    ] as const) {
      expect(reversed.locate(x, y)).toBe(locator.locate(x, y));
    }
  });

  it('handles holes and multi-part features', () => {
    const ring = (x: number, y: number, s: number) =>
      [
        [x, y],
        [x + s, y],
        [x + s, y + s],
        [x, y + s],
        [x, y],
      ] as [number, number][];
    const l = createGridLocator([
      { id: 'donut', geometry: { type: 'Polygon', coordinates: [ring(0, 0, 4), ring(1, 1, 2)] } },
      { id: 'hole', geometry: { type: 'Polygon', coordinates: [ring(1, 1, 2)] } },
      { id: 'pair', geometry: { type: 'MultiPolygon', coordinates: [[ring(10, 0, 1)], [ring(12, 0, 1)]] } },
    ]);
    expect(l.locate(0.5, 0.5)).toBe('donut');
    expect(l.locate(2, 2)).toBe('hole');
    expect(l.locate(12.5, 0.5)).toBe('pair');
    expect(l.locate(11.5, 0.5)).toBeNull();
    expect(l.size).toBe(3);
  });

  it('returns null when empty', () => {
    expect(createGridLocator([]).locate(0, 0)).toBeNull();
  });
});
