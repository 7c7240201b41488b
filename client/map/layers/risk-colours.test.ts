import type { Feature, Geometry } from 'geojson';
import { describe, expect, it } from 'vitest';
import type { GridInfo } from '../../../shared/domain/grid';
import { gridPolygons } from './heatmap-layer';
import { riskColours } from './risk-colours';

describe('risk choropleth data', () => {
  it('colours each grid by its share of the highest score, transparent at 0', () => {
    const c = riskColours([0, 5, 10], 10);
    expect([...c.subarray(0, 4)]).toEqual([0, 0, 0, 0]);
    // Half the maximum: the fourth of six colours, alpha 60 + 140 × 0.5.
    expect([...c.subarray(4, 8)]).toEqual([253, 141, 60, 130]);
    // The maximum: the most critical colour, alpha 200.
    expect([...c.subarray(8, 12)]).toEqual([189, 0, 38, 200]);
  });

  it("gives every polygon of a multipolygon its grid's index", () => {
    const ring = [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 0],
    ];
    const features = [
      { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [ring] } },
      { type: 'Feature', properties: {}, geometry: { type: 'MultiPolygon', coordinates: [[ring], [ring]] } },
    ] as unknown as Feature<Geometry, GridInfo>[];
    expect(gridPolygons(features).map((p) => p.index)).toEqual([0, 1, 1]);
  });
});
