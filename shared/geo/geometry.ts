/** Minimal GeoJSON-shaped geometry types and helpers shared by the locator, checker and importer. */

/** [lon, lat] in degrees. */
export type Position = [number, number];
/** A closed ring: first and last positions equal. */
export type Ring = Position[];
/** Outer ring then holes. */
export type PolygonCoords = Ring[];
export type MultiPolygonCoords = PolygonCoords[];

/** A Polygon or MultiPolygon, as in GeoJSON. */
export type AreaGeometry =
  | { type: 'Polygon'; coordinates: PolygonCoords }
  | { type: 'MultiPolygon'; coordinates: MultiPolygonCoords };

/** A polygonal feature with a string id, the shape every geo module here consumes. */
export interface AreaFeature {
  id: string;
  geometry: AreaGeometry;
}

/** [west, south, east, north]. */
export type BBox = [number, number, number, number];

const EARTH_RADIUS_M = 6378137;
const RAD = Math.PI / 180;

/** The polygons of a Polygon or MultiPolygon as one list. */
export function polygonsOf(geometry: AreaGeometry): MultiPolygonCoords {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

/** Bounding box of a geometry. */
export function bboxOf(geometry: AreaGeometry): BBox {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const poly of polygonsOf(geometry)) {
    for (const ring of poly) {
      for (const [x, y] of ring) {
        if (x < w) w = x;
        if (x > e) e = x;
        if (y < s) s = y;
        if (y > n) n = y;
      }
    }
  }
  return [w, s, e, n];
}

/**
 * Signed ring area in m² (positive when counter-clockwise), using the spherical-excess edge sum.
 * Each edge contributes a term that depends only on its endpoints, so shared edges cancel exactly and
 * the area of a union equals the sum of its parts: the checker relies on that to measure gaps.
 */
export function ringAreaM2(ring: Ring): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const a = ring[i]!;
    const b = ring[i + 1]!;
    sum += (b[0] - a[0]) * RAD * (2 + Math.sin(a[1] * RAD) + Math.sin(b[1] * RAD));
  }
  return (-sum * EARTH_RADIUS_M * EARTH_RADIUS_M) / 2;
}

/** Area of polygons in m²: outer rings minus holes, whatever their winding. */
export function areaM2(polygons: MultiPolygonCoords): number {
  let total = 0;
  for (const poly of polygons) {
    poly.forEach((ring, i) => {
      const a = Math.abs(ringAreaM2(ring));
      total += i === 0 ? a : -a;
    });
  }
  return total;
}

/** Area of a geometry in m². */
export function geometryAreaM2(geometry: AreaGeometry): number {
  return areaM2(polygonsOf(geometry));
}

/** Great-circle distance in metres (haversine). */
export function distanceM(a: Position, b: Position): number {
  const dLat = (b[1] - a[1]) * RAD;
  const dLon = (b[0] - a[0]) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * RAD) * Math.cos(b[1] * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Length of a polyline in metres. */
export function lineLengthM(path: Position[]): number {
  let total = 0;
  for (let i = 0; i + 1 < path.length; i++) total += distanceM(path[i]!, path[i + 1]!);
  return total;
}
