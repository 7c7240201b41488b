import { polygonArea, polygonCentroid } from 'd3';
import type { Geometry } from 'geojson';

/**
 * Where to put a grid's label: the planar centroid of its largest outer ring. Planar on purpose:
 * d3's spherical geoCentroid reads ring winding the other way round from GeoJSON and would put the
 * label on the far side of the globe.
 */
export function labelPoint(geometry: Geometry): [number, number] {
  const rings =
    geometry.type === 'Polygon'
      ? [geometry.coordinates[0]]
      : geometry.type === 'MultiPolygon'
        ? geometry.coordinates.map((p) => p[0])
        : [];
  let best: [number, number][] | null = null;
  let bestArea = -1;
  for (const ring of rings) {
    if (!ring) continue;
    const area = Math.abs(polygonArea(ring as [number, number][]));
    if (area > bestArea) {
      bestArea = area;
      best = ring as [number, number][];
    }
  }
  return best ? polygonCentroid(best) : [0, 0];
}
