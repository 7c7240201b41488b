/**
 * `npm run data:generate [-- --seed N --out DIR]`: regenerates data/longgang/ from the inputs in
 * data/generator/inputs/. Deterministic for a given seed. Refuses to write if the grid checker finds
 * any problem.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { GridInfo } from '../../shared/domain/grid';
import type { Position, Ring } from '../../shared/geo/geometry';
import { checkGrids } from '../../shared/geo/grid-checker';
import { createGridLocator } from '../../shared/geo/grid-locator';
import { decodeGridLevels } from '../../shared/geo/grid-topology';
import { createRandom } from '../../shared/util/random';
import type { HierarchyConfig } from './assign-hierarchy';
import { buildBasemap } from './basemap';
import { generateGrids } from './generate-grids';
import { CITY } from './grid-info';
import { type DensityConfig, densityAt } from './micro-cells';
import { type KeyAreaInput, placeKeyAreas, placeParking } from './places';
import { buildRoads, type LatticeConfig, type NamedRoad } from './roads';
import { buildTeams } from './teams';

const inputs = (name: string) => fileURLToPath(new URL(`./inputs/${name}`, import.meta.url));
const readJson = <T>(name: string): T => JSON.parse(readFileSync(inputs(name), 'utf8')) as T;

function parseArgs(argv: string[]): { seed: number; out: string } {
  let seed = 20200928; // the seed article's date
  let out = fileURLToPath(new URL('../longgang/', import.meta.url));
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--seed') seed = Number(argv[++i]);
    else if (argv[i] === '--out') out = argv[++i]!;
  }
  return { seed, out };
}

/** Writes JSON via a temp file and rename, so a crash never leaves half a file. Returns bytes and gzip bytes. */
function writeJson(dir: string, name: string, value: unknown): string {
  const text = `${JSON.stringify(value)}\n`;
  writeFileSync(`${dir}/${name}.tmp`, text);
  renameSync(`${dir}/${name}.tmp`, `${dir}/${name}`);
  return `${name} ${(text.length / 1024).toFixed(0)} KB (${(gzipSync(text).length / 1024).toFixed(0)} KB gzip)`;
}

function main() {
  const { seed, out } = parseArgs(process.argv.slice(2));
  const rng = createRandom(seed);
  // Derived once from the GCJ-02 reference by derive-outline.ts; the reference itself is not committed.
  const outline = readJson<{ ring: Ring }>('outline.wgs84.json').ring;
  const hierarchy = readJson<HierarchyConfig>('districts.json');
  const density = readJson<DensityConfig>('density.json');
  const densityFn = (p: Position) => densityAt(density, p[0], p[1]);
  const csv = readFileSync(inputs('longgang_communities_nbs2023.csv'), 'utf8').trim().split('\n').slice(1);
  const names = new Map(csv.map((line) => line.split(',') as [string, string]));

  const grids = generateGrids(outline, hierarchy, density, names, rng);
  const levels = decodeGridLevels(grids.topology);
  const counts = Object.fromEntries(Object.entries(levels).map(([k, v]) => [k, v.length]));
  const problems = checkGrids(
    Object.entries(levels).map(([level, fs]) => ({
      level,
      features: fs.map((f) => ({ id: f.id, parentId: f.info.parentId, geometry: f.geometry })),
    })),
  );
  console.log(
    `outline: ${outline.length - 1} vertices; grids:`,
    counts,
    `checker problems: ${problems.length}`,
  );
  if (problems.length > 0) {
    for (const p of problems) console.error(`${p.featureId}: ${p.problem}: ${p.message}`);
    process.exit(1);
  }

  const microLocator = createGridLocator(levels.micro);
  const districtLocator = createGridLocator(levels.district);
  const districtInfo = (p: Position) => {
    const id = districtLocator.locate(p[0], p[1]);
    return id ? grids.info.get(id)! : null;
  };
  const namedRoads = readJson<{ roads: NamedRoad[] }>('roads.json').roads;
  const roads = buildRoads(
    outline,
    namedRoads,
    readJson<LatticeConfig>('lattice.json'),
    densityFn,
    districtInfo,
  );
  const seedOf = new Map(grids.cells.map((c, i) => [c.microId, grids.seeds[i]!]));
  const keyAreas = placeKeyAreas(
    readJson<{ areas: KeyAreaInput[] }>('key-areas.json').areas,
    microLocator,
    seedOf,
    grids.info,
  );
  const fulls = [...grids.info.values()].filter((g) => g.level === 'full');
  const busiest = [...fulls].sort((a, b) => b.population - a.population || (a.id < b.id ? -1 : 1));
  const fullSeeds = busiest.map((f) => ({ id: f.id, name: f.name, at: seedOf.get(`${f.id}M01`)! }));
  const parking = placeParking(keyAreas, fullSeeds, 60, (p) => districtInfo(p)?.id ?? null, rng);
  const teams = buildTeams(fulls, rng);

  const xs = outline.map((p) => p[0]);
  const ys = outline.map((p) => p[1]);
  const bbox = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  const districts = hierarchy.districts.map((d) => ({ id: d.id, name: d.name, nameEn: d.nameEn }));
  const city = {
    ...CITY,
    timezone: 'Asia/Shanghai',
    center: [(bbox[0]! + bbox[2]!) / 2, (bbox[1]! + bbox[3]!) / 2].map((v) => Math.round(v * 1e5) / 1e5),
    bbox,
    zoom: 11.6,
    population: (grids.info.get(CITY.id) as GridInfo).population,
    districts,
  };
  mkdirSync(out, { recursive: true });
  const written = [
    writeJson(out, 'city.json', city),
    writeJson(out, 'grids.topo.json', grids.topology),
    writeJson(out, 'basemap.geojson', buildBasemap(outline, namedRoads, 0.632 + 120)),
    writeJson(out, 'roads.json', { segments: roads }),
    writeJson(out, 'parking.json', { lots: parking }),
    writeJson(out, 'key-areas.json', { areas: keyAreas }),
    writeJson(out, 'teams.json', { teams }),
  ];
  const byClass: Record<string, number> = {};
  for (const r of roads) byClass[r.roadClass] = (byClass[r.roadClass] ?? 0) + 1;
  console.log(
    `population ${city.population}; roads ${roads.length}`,
    byClass,
    `parking ${parking.length}; key areas ${keyAreas.length}; teams ${teams.length}`,
  );
  for (const line of written) console.log(`wrote ${line}`);
}

main();
