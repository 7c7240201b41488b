import type { Feature, FeatureCollection } from 'geojson';
import type { MultiPolygon, Polygon } from 'polygon-clipping';
import polygonClipping from 'polygon-clipping';
import type { Position, Ring } from '../../shared/geo/geometry';
import { clipLine } from './clip-line';
import { round6 } from './outline';
import type { NamedRoad } from './roads';

/** The northernmost crossing of the outline with the meridian at x, i.e. the river bank there. */
function bankAt(outline: Ring, x: number): number | null {
  let best: number | null = null;
  for (let i = 0; i + 1 < outline.length; i++) {
    const [x1, y1] = outline[i]!;
    const [x2, y2] = outline[i + 1]!;
    if ((x1 <= x && x < x2) || (x2 <= x && x < x1)) {
      const y = y1 + ((x - x1) * (y2 - y1)) / (x2 - x1);
      // Only the northern edge faces the river; southern crossings belong to other lobes.
      if (y > 27.555 && (best === null || y > best)) best = y;
    }
  }
  return best;
}

const roundPoly = (mp: MultiPolygon) =>
  mp.map((p) => p.map((r) => r.map(([x, y]) => [round6(x), round6(y)])));

/**
 * Offline base-map layers: land (the outline), the Ao River as a band north of the city's northern
 * edge widening towards its mouth, the sea east of the coast, and the main named roads as lines.
 * Shapes are schematic: they follow the outline, not surveyed banks.
 */
export function buildBasemap(outline: Ring, roads: NamedRoad[], riverEast: number): FeatureCollection {
  const land: Polygon = [outline];
  const xs = outline.map((p) => p[0]);
  const west = Math.min(...xs) - 0.01;
  const south: Position[] = [];
  const north: Position[] = [];
  let lastBank = 27.58;
  for (let x = west; x <= riverEast + 1e-9; x += 0.0025) {
    const bank = bankAt(outline, x) ?? lastBank;
    lastBank = bank;
    const width = 0.004 + 0.012 * ((x - west) / (riverEast - west)) ** 2;
    south.push([x, bank - 0.004]);
    north.push([x, bank + width]);
  }
  const band: Polygon = [[...south, ...north.reverse(), south[0]!]];
  const river = polygonClipping.difference(band, land);
  const seaBox: Polygon = [
    [
      [riverEast - 0.02, 27.625],
      [120.76, 27.625],
      [120.76, 27.44],
      [120.665, 27.44],
      [120.665, 27.49],
      [120.645, 27.53],
      [riverEast - 0.02, 27.575],
      [riverEast - 0.02, 27.625],
    ],
  ];
  const sea = polygonClipping.difference(seaBox, land, band);
  const features: Feature[] = [
    {
      type: 'Feature',
      properties: { kind: 'land', name: '龙港市' },
      geometry: { type: 'Polygon', coordinates: [outline] },
    },
    {
      type: 'Feature',
      properties: { kind: 'water', name: '鳌江' },
      geometry: { type: 'MultiPolygon', coordinates: roundPoly(river) },
    },
    {
      type: 'Feature',
      properties: { kind: 'sea', name: '东海' },
      geometry: { type: 'MultiPolygon', coordinates: roundPoly(sea) },
    },
  ];
  for (const r of roads) {
    for (const piece of clipLine(r.path, outline)) {
      features.push({
        type: 'Feature',
        properties: { kind: 'road', name: r.name, roadClass: r.roadClass },
        geometry: { type: 'LineString', coordinates: piece.map(([x, y]) => [round6(x), round6(y)]) },
      });
    }
  }
  return { type: 'FeatureCollection', features };
}
