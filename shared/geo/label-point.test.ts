import { describe, expect, it } from 'vitest';
import { labelPoint } from './label-point';

describe('labelPoint', () => {
  it('is the centroid of a polygon, whatever its winding', () => {
    const ccw: [number, number][] = [
      [120, 27],
      [121, 27],
      [121, 28],
      [120, 28],
      [120, 27],
    ];
    expect(labelPoint({ type: 'Polygon', coordinates: [ccw] })).toEqual([120.5, 27.5]);
    expect(labelPoint({ type: 'Polygon', coordinates: [[...ccw].reverse()] })).toEqual([120.5, 27.5]);
  });

  it('picks the largest part of a multipolygon', () => {
    const square = (x: number, size: number): [number, number][] => [
      [x, 0],
      [x + size, 0],
      [x + size, size],
      [x, size],
      [x, 0],
    ];
    expect(labelPoint({ type: 'MultiPolygon', coordinates: [[square(0, 1)], [square(10, 4)]] })).toEqual([
      12, 2,
    ]);
  });
});
