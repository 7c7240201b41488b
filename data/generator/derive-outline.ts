/**
 * `tsx data/generator/derive-outline.ts <boundary.geojson>`: derives the committed city outline
 * (inputs/outline.wgs84.json) from a GCJ-02 reference boundary: its main polygon simplified to at most
 * 64 vertices and converted to WGS-84. The reference itself has no open licence and is not
 * committed; only this approximate derived outline is (see data/README.md).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Ring } from '../../shared/geo/geometry';
import { simplifyOutline } from './outline';

const source = process.argv[2];
if (!source) {
  console.error('usage: tsx data/generator/derive-outline.ts <gcj02-boundary.geojson>');
  process.exit(2);
}
const boundary = JSON.parse(readFileSync(source, 'utf8')) as {
  features: { geometry: { coordinates: number[][][][] } }[];
};
// The second polygon of the reference is a ~0.15 km² islet; the outline keeps the main land only.
const outline = simplifyOutline(boundary.features[0]!.geometry.coordinates[0]![0] as Ring, 64);
const target = fileURLToPath(new URL('./inputs/outline.wgs84.json', import.meta.url));
writeFileSync(
  target,
  `${JSON.stringify({ note: 'Approximate, simplified and converted from GCJ-02; see data/README.md', crs: 'WGS-84', ring: outline })}\n`,
);
console.log(`outline: ${outline.length - 1} vertices → ${target}`);
