import { describe, expect, it } from 'vitest';
import { buildTrafficPaths, setTrafficColours, trafficLayer } from './traffic-layer';

const roads = [
  {
    roadClass: 'arterial' as const,
    path: [
      [0, 0],
      [1, 1],
      [2, 2],
    ] as [number, number][],
  },
  {
    roadClass: 'branch' as const,
    path: [
      [5, 5],
      [6, 6],
    ] as [number, number][],
  },
];

describe('traffic layer data', () => {
  it('packs paths once and recolours per vertex without touching geometry', () => {
    const data = buildTrafficPaths(roads);
    expect([...data.startIndices]).toEqual([0, 3, 5]);
    const positions = data.attributes.getPath.value;
    const grey = data.attributes.getColor.value;
    expect([...grey.slice(0, 4)]).toEqual([110, 120, 135, 150]);

    setTrafficColours(data, [10, 40]); // arterial 10 km/h: heavy; branch 40: free
    const colours = data.attributes.getColor.value;
    expect(colours).not.toBe(grey); // a new buffer, so deck.gl sees the change
    expect([...colours.slice(0, 4)]).toEqual([200, 20, 45, 235]);
    expect([...colours.slice(8, 12)]).toEqual([200, 20, 45, 235]); // every vertex of the segment
    expect([...colours.slice(12, 16)]).toEqual([46, 204, 113, 235]);
    expect(data.attributes.getPath.value).toBe(positions);

    // Two layers for two versions share the same data object: deck.gl sees no data change.
    const a = trafficLayer(data, 1);
    const b = trafficLayer(data, 2);
    expect(a.props.data).toBe(b.props.data);
    expect(b.props.updateTriggers).toEqual({ getColor: 2 });
  });
});
