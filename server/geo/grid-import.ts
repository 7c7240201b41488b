import type { Feature, FeatureCollection } from 'geojson';
import { topology as buildTopology } from 'topojson-server';
import type { Topology } from 'topojson-specification';
import { GRID_LEVELS, type GridInfo, type GridLevel } from '../../shared/domain/grid';
import { type Crs, toWgs84 } from '../../shared/geo/gcj02';
import type { AreaGeometry, BBox } from '../../shared/geo/geometry';
import { polygonsOf } from '../../shared/geo/geometry';
import { type CheckLevel, checkGrids, type GridProblem } from '../../shared/geo/grid-checker';
import { decodeGridLevels, type GridFeature, type GridLevels } from '../../shared/geo/grid-topology';

/** Same quantisation as the generator, so re-encoded files keep their precision (~0.25 m). */
const QUANTIZATION = 1e5;

export interface ImportOptions {
  level: Exclude<GridLevel, 'city'>;
  crs: Crs;
  idField: string;
  parentField: string;
  nameField: string;
  codeField: string;
  areaToleranceM2: number;
  onProgress?: (phase: string, done: number, total: number) => void;
}

export type ImportResult =
  | { ok: true; topology: Topology; count: number }
  | { ok: false; problems: GridProblem[] };

/** Reads one input feature into a grid feature in WGS-84, or explains why it cannot. */
function readFeature(
  f: Feature,
  index: number,
  opts: ImportOptions,
  cityId: string,
  convert: (x: number, y: number) => [number, number],
): GridFeature | GridProblem {
  const props = (f.properties ?? {}) as Record<string, unknown>;
  const rawId = props[opts.idField] ?? f.id;
  const id = rawId === undefined || rawId === null || rawId === '' ? '' : String(rawId);
  const featureId = id || `#${index + 1}`;
  if (!id)
    return {
      featureId,
      problem: 'invalid-ring',
      message: `feature ${index + 1} has no "${opts.idField}" property`,
    };
  const g = f.geometry;
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) {
    return {
      featureId,
      problem: 'invalid-ring',
      message: `geometry is ${g?.type ?? 'missing'}, not Polygon or MultiPolygon`,
    };
  }
  const conv = (ring: number[][]) => ring.map((p) => convert(Number(p[0]), Number(p[1])));
  const geometry: AreaGeometry =
    g.type === 'Polygon'
      ? { type: 'Polygon', coordinates: g.coordinates.map(conv) }
      : { type: 'MultiPolygon', coordinates: g.coordinates.map((poly) => poly.map(conv)) };
  const parentRaw = props[opts.parentField];
  const parentId =
    parentRaw === undefined || parentRaw === null || parentRaw === ''
      ? opts.level === 'district'
        ? cityId
        : null
      : String(parentRaw);
  const info: GridInfo = {
    id,
    code: props[opts.codeField] ? String(props[opts.codeField]) : id,
    name: props[opts.nameField] ? String(props[opts.nameField]) : id,
    level: opts.level,
    parentId,
    population: Math.max(0, Math.round(Number(props.population) || 0)),
    households: Math.max(0, Math.round(Number(props.households) || 0)),
  };
  return { id, info, geometry };
}

const toCheck = (levels: GridLevels): CheckLevel[] =>
  GRID_LEVELS.filter((l) => levels[l].length > 0).map((level) => ({
    level,
    features: levels[level].map((f) => ({ id: f.id, parentId: f.info.parentId, geometry: f.geometry })),
  }));

/** Sums population and households up from each level's children (levels without children keep theirs). */
function rollUp(levels: GridLevels): void {
  for (let i = GRID_LEVELS.length - 2; i >= 0; i--) {
    const children = levels[GRID_LEVELS[i + 1]!];
    if (children.length === 0) continue;
    const sums = new Map<string, [number, number]>();
    for (const c of children) {
      const s = sums.get(c.info.parentId ?? '') ?? [0, 0];
      sums.set(c.info.parentId ?? '', [s[0] + c.info.population, s[1] + c.info.households]);
    }
    for (const p of levels[GRID_LEVELS[i]!]) {
      const s = sums.get(p.id);
      if (s) [p.info.population, p.info.households] = s;
    }
  }
}

function encode(levels: GridLevels): Topology {
  const objects: Record<string, FeatureCollection> = {};
  for (const level of GRID_LEVELS) {
    if (levels[level].length === 0) continue;
    const sorted = [...levels[level]].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    objects[level] = {
      type: 'FeatureCollection',
      features: sorted.map((f) => ({
        type: 'Feature',
        id: f.id,
        properties: { ...f.info },
        geometry: f.geometry,
      })),
    };
  }
  return buildTopology(objects, QUANTIZATION);
}

/**
 * Validates an input level against the current hierarchy (its parents above, its children below)
 * and, only if every check passes, returns the new topology with that level replaced. Pure: the
 * caller decides whether to write. Every problem is reported, not just the first.
 */
export function importGridLevel(
  current: Topology,
  input: FeatureCollection,
  opts: ImportOptions,
): ImportResult {
  const levels = decodeGridLevels(current);
  const city = levels.city[0];
  if (!city)
    return {
      ok: false,
      problems: [
        {
          featureId: '-',
          problem: 'unknown-parent',
          message: 'current data has no city outline to import into',
        },
      ],
    };
  const convert = toWgs84(opts.crs);
  const problems: GridProblem[] = [];
  const incoming: GridFeature[] = [];
  input.features.forEach((f, i) => {
    const r = readFeature(f, i, opts, city.id, convert);
    if ('problem' in r) problems.push(r);
    else incoming.push(r);
    if (i % 500 === 0) opts.onProgress?.('reading', i, input.features.length);
  });
  if (incoming.length === 0 && problems.length === 0) {
    problems.push({ featureId: '-', problem: 'invalid-ring', message: 'input has no features' });
  }
  const [w, s, e, n] = polygonsOf(city.geometry)
    .flat(2)
    .reduce<BBox>(
      (b, [x, y]) => [Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x), Math.max(b[3], y)],
      [Infinity, Infinity, -Infinity, -Infinity],
    );
  // Anything beyond ~10 km of the city is a unit or CRS mistake, not a grid.
  const expectedBBox: BBox = [w - 0.1, s - 0.1, e + 0.1, n + 0.1];
  const next: GridLevels = { ...levels, [opts.level]: incoming };
  const check = (l: GridLevels, phase: string) =>
    checkGrids(toCheck(l), {
      areaToleranceM2: opts.areaToleranceM2,
      expectedBBox,
      onProgress: (d, t) => opts.onProgress?.(phase, d, t),
    });
  problems.push(...check(next, 'checking'));
  if (problems.length > 0) return { ok: false, problems };
  rollUp(next);
  const topology = encode(next);
  // Quantisation moves vertices by up to ~0.1 m; re-check the encoded result before anyone writes it.
  const after = check(decodeGridLevels(topology), 're-checking');
  return after.length > 0 ? { ok: false, problems: after } : { ok: true, topology, count: incoming.length };
}
