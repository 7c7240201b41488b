import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import type { Topology } from 'topojson-specification';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { wgs84ToGcj02 } from '../../shared/geo/gcj02';
import { type AreaGeometry, bboxOf, distanceM } from '../../shared/geo/geometry';
import { decodeGridLevels } from '../../shared/geo/grid-topology';

const root = mkdtempSync(path.join(tmpdir(), 'city-import-'));
const dataDir = path.join(root, 'longgang');
const topoFile = path.join(dataDir, 'grids.topo.json');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const original = decodeGridLevels(
  JSON.parse(readFileSync('data/longgang/grids.topo.json', 'utf8')) as Topology,
);

/** The committed full-service level as a GeoJSON FeatureCollection (small and quick to import). */
function fullLevel(): FeatureCollection<Polygon> {
  return {
    type: 'FeatureCollection',
    features: original.full.map((f) => ({
      type: 'Feature',
      properties: { ...f.info },
      geometry: structuredClone(f.geometry) as Polygon,
    })),
  };
}

function run(fc: unknown, ...args: string[]) {
  const file = path.join(root, `in-${Math.random().toString(36).slice(2)}.geojson`);
  writeFileSync(file, typeof fc === 'string' ? fc : JSON.stringify(fc));
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'server/cli/import-grids.ts', file, '--data-dir', dataDir, ...args],
    { encoding: 'utf8' },
  );
  return { code: r.status, stderr: r.stderr, stdout: r.stdout };
}

/** Runs a bad import and asserts refusal, the expected line, and untouched data. */
function expectRefused(fc: unknown, pattern: RegExp, ...args: string[]) {
  const before = readFileSync(topoFile);
  const r = run(fc, '--level', 'full', ...args);
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).toMatch(/refused: \d+ problem\(s\); .* unchanged/);
  expect(readFileSync(topoFile).equals(before)).toBe(true);
  expect(readdirSync(dataDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
}

const first = (fc: FeatureCollection<Polygon>) => fc.features[0] as Feature<Polygon>;

describe('npm run import', () => {
  beforeEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
    cpSync('data/longgang', dataDir, { recursive: true });
  });

  it('refuses a self-intersecting ring', () => {
    const fc = fullLevel();
    const [w, s, e, n] = bboxOf(first(fc).geometry as AreaGeometry);
    // An asymmetric bow-tie over the grid's own bbox: non-zero area, edges crossing in the middle.
    first(fc).geometry.coordinates = [
      [
        [w, s],
        [e, n],
        [e, s],
        [w, n + (n - s)],
        [w, s],
      ],
    ];
    expectRefused(fc, new RegExp(`${first(fc).properties!.id}: self-intersection: ring intersects itself`));
  });

  it('refuses an unclosed ring', () => {
    const fc = fullLevel();
    first(fc).geometry.coordinates[0]!.pop();
    expectRefused(fc, /: invalid-ring: ring is not closed/);
  });

  it('refuses duplicate ids', () => {
    const fc = fullLevel();
    fc.features[1]!.properties!.id = first(fc).properties!.id;
    expectRefused(fc, new RegExp(`${first(fc).properties!.id}: duplicate-id`));
  });

  it('refuses missing and unknown parents', () => {
    const fc = fullLevel();
    delete first(fc).properties!.parentId;
    fc.features[1]!.properties!.parentId = '330383198999';
    expectRefused(fc, /: missing-parent: full .* has no parent id[\s\S]*unknown-parent: parent 330383198999/);
  });

  it('refuses a grid that leaves its parent (and the gap and overlap that causes)', () => {
    const fc = fullLevel();
    first(fc).geometry.coordinates = first(fc).geometry.coordinates.map((r) =>
      r.map(([x, y]) => [x! + 0.004, y!]),
    );
    expectRefused(fc, /outside-parent: .* m² of .* lies outside its parent[\s\S]*gap: /);
  });

  it('refuses overlapping siblings', () => {
    const fc = fullLevel();
    fc.features.push({
      ...structuredClone(first(fc)),
      properties: { ...first(fc).properties, id: `${first(fc).properties!.id}X` },
    });
    expectRefused(fc, /overlap: .* overlaps .* by/);
  });

  it('refuses a gap (a grid left out)', () => {
    const fc = fullLevel();
    const gone = fc.features.shift()!;
    expectRefused(fc, new RegExp(`${gone.properties!.parentId}: gap: .* not covered by any full`));
  });

  it('refuses coordinates out of range (swapped lat/lon)', () => {
    const fc = fullLevel();
    first(fc).geometry.coordinates = first(fc).geometry.coordinates.map((r) => r.map(([x, y]) => [y!, x!]));
    expectRefused(fc, /coordinate-range: coordinate \[27\.\d+, 120\.\d+\] is not a WGS-84 lon\/lat/);
  });

  it('refuses GCJ-02 data declared as WGS-84 (every grid shifted ~500 m)', () => {
    const fc = fullLevel();
    for (const f of fc.features)
      f.geometry.coordinates = f.geometry.coordinates.map((r) => r.map(([x, y]) => wgs84ToGcj02(x!, y!)));
    expectRefused(fc, /outside-parent/);
  });

  it('rejects bad usage and unreadable input with exit code 2', () => {
    expect(run('not json', '--level', 'full').code).toBe(2);
    expect(run(fullLevel(), '--level', 'village').code).toBe(2);
    expect(run(fullLevel()).stderr).toMatch(/missing --level/);
  });

  it('imports GCJ-02 input: lands within a few metres of its WGS-84 truth and replaces the file atomically', () => {
    const fc = fullLevel();
    for (const f of fc.features)
      f.geometry.coordinates = f.geometry.coordinates.map((r) => r.map(([x, y]) => wgs84ToGcj02(x!, y!)));
    const r = run(fc, '--level', 'full', '--crs', 'gcj02', '--progress');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/imported 384 full grid\(s\)/);
    expect(r.stderr).toMatch(/checking +\[#+\] 100%/);
    expect(readdirSync(dataDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const after = decodeGridLevels(JSON.parse(readFileSync(topoFile, 'utf8')) as Topology);
    expect(after.full).toHaveLength(384);
    expect(after.micro).toHaveLength(3229);
    const truth = new Map(original.full.map((f) => [f.id, bboxOf(f.geometry)]));
    let worst = 0;
    for (const f of after.full) {
      const [w, s, e, n] = bboxOf(f.geometry);
      const t = truth.get(f.id)!;
      worst = Math.max(worst, distanceM([w, s], [t[0], t[1]]), distanceM([e, n], [t[2], t[3]]));
    }
    expect(worst).toBeLessThan(1);
    expect(after.city[0]!.info.population).toBe(465_000);
  });
});
