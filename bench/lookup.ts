/**
 * Point → micro-grid lookups per second: our locator (flatbush + point-in-polygon on flat typed arrays)
 * against flatbush + @turf/boolean-point-in-polygon on the same GeoJSON, same random points, same run.
 * `tsx bench/lookup.ts [--quick]` prints the figure. The baseline is a dev dependency: benchmark only.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import Flatbush from 'flatbush';
import type { Topology } from 'topojson-specification';
import { bboxOf } from '../shared/geo/geometry';
import { createGridLocator } from '../shared/geo/grid-locator';
import { decodeGridLevels } from '../shared/geo/grid-topology';
import type { BenchFigure } from './types';

const GOAL_RATIO = 2;

function randomPoints(n: number, bbox: [number, number, number, number]): Float64Array {
  let s = 42;
  const rand = () => {
    // LCG: the same points every run, so runs compare.
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const pts = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    pts[i * 2] = bbox[0] + rand() * (bbox[2] - bbox[0]);
    pts[i * 2 + 1] = bbox[1] + rand() * (bbox[3] - bbox[1]);
  }
  return pts;
}

/** Best-of-3 throughput in lookups per second; `hits` guards against dead-code elimination. */
function measure(
  pts: Float64Array,
  locate: (x: number, y: number) => string | null,
): { perSec: number; hits: number } {
  let best = 0;
  let hits = 0;
  for (let round = 0; round < 3; round++) {
    hits = 0;
    const t0 = performance.now();
    for (let i = 0; i < pts.length; i += 2) if (locate(pts[i]!, pts[i + 1]!) !== null) hits++;
    const secs = (performance.now() - t0) / 1000;
    best = Math.max(best, pts.length / 2 / secs);
  }
  return { perSec: best, hits };
}

/** Runs the lookup benchmark on 1M points (20k in quick mode) over the city's bbox. */
export async function runLookupBench(opts: { quick: boolean }): Promise<BenchFigure[]> {
  const file = fileURLToPath(new URL('../data/longgang/grids.topo.json', import.meta.url));
  const micro = decodeGridLevels(JSON.parse(readFileSync(file, 'utf8')) as Topology).micro;
  const city = bboxOf({
    type: 'MultiPolygon',
    coordinates: micro.flatMap((f) =>
      f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates,
    ),
  });
  const pts = randomPoints(opts.quick ? 20_000 : 1_000_000, city);

  const ours = createGridLocator(micro);
  const index = new Flatbush(micro.length);
  for (const f of micro) {
    const b = bboxOf(f.geometry);
    index.add(b[0], b[1], b[2], b[3]);
  }
  index.finish();
  const turfLocate = (x: number, y: number): string | null => {
    for (const i of index.search(x, y, x, y)) {
      if (booleanPointInPolygon([x, y], micro[i]!.geometry)) return micro[i]!.id;
    }
    return null;
  };

  const a = measure(pts, ours.locate);
  const b = measure(pts, turfLocate);
  if (Math.abs(a.hits - b.hits) > pts.length / 2 / 1e4)
    throw new Error(`locators disagree: ${a.hits} vs ${b.hits} hits`);
  const ratio = a.perSec / b.perSec;
  return [
    {
      name: 'lookup',
      detail: `point → micro-grid, ${pts.length / 2} random points in the city bbox, ${micro.length} micro-grids`,
      value: Math.round(a.perSec),
      unit: 'lookups/s',
      baseline: 'flatbush + @turf/boolean-point-in-polygon, same points, same run',
      baselineValue: Math.round(b.perSec),
      ratio: Math.round(ratio * 100) / 100,
      goal: `≥ ${GOAL_RATIO}× baseline`,
      met: ratio >= GOAL_RATIO,
    },
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const figures = await runLookupBench({ quick: process.argv.includes('--quick') });
  for (const f of figures) {
    console.log(
      `${f.name} (${f.detail}): ${f.value.toLocaleString('en')} ${f.unit} vs ${f.baselineValue.toLocaleString('en')} (${f.baseline}) = ${f.ratio}× (goal ${f.goal}: ${f.met ? 'met' : 'NOT met'})`,
    );
  }
}
