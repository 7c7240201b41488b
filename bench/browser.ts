/**
 * Main-thread time per live batch in headless Chromium (tests/helpers/browser.ts flags, software
 * WebGL): 1,000 new events into 100,000 live points plus a recolour of the 3,229 micro-grid polygons.
 *
 * Ours: the real wall (/wall?risk=grid&tour=off with its display token, so the risk shows as a
 * choropleth of micro-grids) holding the open events of a snapshot; each step feeds one batch and one
 * risk update through the stores exactly as the socket's handlers do (`window.__cityBrain.feed`, see
 * client/pages/test-hooks.ts), and ends when a frame has drawn the batch's points
 * (`drawnPoints >= pointsVersion()`). Baseline, same run, same browser: a minimal page
 * (bench/pages/minimal) with plain deck.gl, a ScatterplotLayer fed the same points as binary
 * attributes (it appends the batch's typed arrays) and a SolidPolygonLayer of the same micro-grids
 * recoloured with the same colours through `updateTriggers`, ending at its frame the same way.
 *
 * Main-thread time is the renderer main thread's task time in thread CPU time (CDP Performance
 * metrics, `TaskDuration` with `threadTicks`) from just before a step to 100 ms after its frame, less
 * what the page spends over as long a window with nothing fed (each page's idle rate, measured before
 * and after the steps: the wall's clocks and heartbeats). Steps alternate between the two pages.
 *
 * Rerun: `npm run bench -- browser` (or `tsx bench/browser.ts [--quick]`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { feature } from 'topojson-client';
import type { GeometryCollection } from 'topojson-specification';
import { ensureClientBuilt, ensureMinimalPageBuilt, MINIMAL_BASE } from './lib/client-build';
import { loadCity } from './lib/event-inputs';
import { liveFixture, packArrays, pointArrays, riskColours } from './lib/live-fixture';
import { startBenchServer } from './lib/server';
import { ratioOf, round } from './lib/stats';
import type { BenchFigure } from './types';

const GOAL_RATIO = 1.5;
const BATCH = 1000;
const SETTLE_MS = 100;
const VIEWPORT = { width: 1280, height: 800 };

interface Sizes {
  open: number;
  warm: number;
  measured: number;
  /** Idle windows before and after the steps, and after each step. */
  idleMs: number;
  idleStepMs: number;
  /** Extra steps of the wall run under the CPU profiler for the notes. */
  profiled: number;
}

/** Renderer main-thread task time so far (ms of thread CPU time). */
async function taskMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? Number.NaN) * 1000;
}

async function metricsSession(ctx: BrowserContext, page: Page): Promise<CDPSession> {
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  return cdp;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

/** Self time of a page's CPU profile by script (chunk) and by function, as shares of busy samples. */
function summarizeBrowserProfile(p: { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[] }) {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const fn = new Map<string, number>();
  const chunk = new Map<string, number>();
  let total = 0;
  (p.samples ?? []).forEach((id, i) => {
    const node = byId.get(id);
    const dt = p.timeDeltas?.[i] ?? 0;
    if (!node || node.callFrame.functionName === '(idle)' || node.callFrame.functionName === '(program)')
      return;
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    const file = url ? (url.split('/').pop() ?? url).replace(/-[\w-]{8}\.js$/, '.js') : functionName;
    const name = `${functionName || '(anonymous)'} ${file}${url ? `:${lineNumber + 1}:${columnNumber + 1}` : ''}`;
    fn.set(name, (fn.get(name) ?? 0) + dt);
    chunk.set(file, (chunk.get(file) ?? 0) + dt);
    total += dt;
  });
  if (total === 0) return 'no samples';
  const list = (m: Map<string, number>, top: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => `${Math.round((v / total) * 100)} % ${k}`)
      .join('; ');
  return `by script: ${list(chunk, 6)}. By function: ${list(fn, 10)}`;
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2;
};

/** Runs the browser benchmark (quick: 10,000 points, 1 + 3 batches). */
export async function runBrowserBench(opts: { quick: boolean }): Promise<BenchFigure[]> {
  const sizes: Sizes = opts.quick
    ? { open: 10_000, warm: 1, measured: 3, idleMs: 500, idleStepMs: 300, profiled: 0 }
    : { open: 100_000, warm: 3, measured: 12, idleMs: 3000, idleStepMs: 1500, profiled: 4 };
  ensureClientBuilt(opts.quick, 'browser');
  const minimalDir = await ensureMinimalPageBuilt();
  const steps = sizes.warm + sizes.measured;

  // The same events for both pages: objects for the wall, typed arrays for the baseline.
  const city = loadCity();
  const now = Date.now();
  const fixture = liveFixture(city, {
    open: sizes.open,
    batches: steps + sizes.profiled,
    batchSize: BATCH,
    now,
  });
  const micro = (
    feature(city.topology, city.topology.objects.micro as GeometryCollection<{ id: string }>) as unknown as {
      features: Feature<Polygon | MultiPolygon, { id: string }>[];
    }
  ).features;
  const polygons = micro.flatMap((f, index) =>
    (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates).map((rings) => ({
      rings,
      index,
    })),
  );
  const parts = [
    pointArrays(fixture.snapshot.events, now),
    ...fixture.batches.map((b) => pointArrays(b.events, now)),
  ];
  const colours = fixture.risks.map(riskColours);
  const packed = packArrays([
    ...parts.flatMap((p) => [p.positions, p.fill, p.line, p.radius, p.lineWidth]),
    ...colours,
  ]);
  const layout = {
    bbox: city.city.bbox,
    polygons,
    points: parts.map((p) => p.radius.length),
    polygonCount: micro.length,
    offsets: packed.offsets,
  };
  const oursJson = JSON.stringify(fixture);

  const server = await startBenchServer();
  let browser: Browser | null = null;
  try {
    const { launchBrowser } = await import('../tests/helpers/browser');
    browser = await launchBrowser();

    // Baseline page, served by the benchmark on the server's origin (nothing leaves the machine).
    const bctx = await browser.newContext({ viewport: VIEWPORT });
    await bctx.route(`${server.url}${MINIMAL_BASE}**`, (route) => {
      const rel = new URL(route.request().url()).pathname.slice(MINIMAL_BASE.length) || 'index.html';
      if (rel === 'layout.json') return route.fulfill({ json: layout });
      if (rel === 'arrays.bin')
        return route.fulfill({ body: packed.buffer, contentType: 'application/octet-stream' });
      const file = path.join(minimalDir, path.normalize(rel));
      if (!file.startsWith(minimalDir)) return route.fulfill({ status: 404 });
      return route.fulfill({
        body: readFileSync(file),
        contentType: file.endsWith('.js') ? 'text/javascript' : 'text/html',
      });
    });
    const base = await bctx.newPage();
    await base.goto(`${server.url}${MINIMAL_BASE}index.html`);
    await base.waitForFunction(() => window.__minimal !== undefined, undefined, { timeout: 30_000 });
    await base.evaluate(async (prefix) => {
      const l = (await (await fetch(`${prefix}layout.json`)).json()) as {
        bbox: [number, number, number, number];
        polygons: { rings: [number, number][][]; index: number }[];
        points: number[];
        polygonCount: number;
        offsets: number[];
      };
      const buf = await (await fetch(`${prefix}arrays.bin`)).arrayBuffer();
      // No named inner functions here: tsx would wrap them in a helper the page does not have.
      let part = 0;
      const batches = l.points.map((k) => ({
        positions: new Float32Array(buf, l.offsets[part++]!, 2 * k),
        fill: new Uint8Array(buf, l.offsets[part++]!, 4 * k),
        line: new Uint8Array(buf, l.offsets[part++]!, 4 * k),
        radius: new Float32Array(buf, l.offsets[part++]!, k),
        lineWidth: new Float32Array(buf, l.offsets[part++]!, k),
      }));
      const colours = batches.slice(1).map(() => new Uint8Array(buf, l.offsets[part++]!, 4 * l.polygonCount));
      await window.__minimal!.load({
        bbox: l.bbox,
        polygons: l.polygons,
        initial: batches[0]!,
        batches: batches.slice(1),
        colours,
      });
    }, MINIMAL_BASE);

    // Ours: the wall, its socket live, then the snapshot fed and drawn.
    const octx = await browser.newContext({ viewport: VIEWPORT });
    await octx.route(`${server.url}/__bench/ours.json`, (route) =>
      route.fulfill({ body: oursJson, contentType: 'application/json' }),
    );
    const wall = await octx.newPage();
    const errors: string[] = [];
    wall.on('pageerror', (e) => errors.push(e.message));
    await wall.goto(`${server.url}/wall?token=${server.wall}&risk=grid&tour=off`);
    await wall.waitForFunction(
      () =>
        window.__cityBrain?.mapReady === true &&
        document.querySelector('[data-testid="connection"]')?.textContent?.includes('实时'),
      undefined,
      { timeout: 90_000, polling: 100 },
    );
    await wall.evaluate(async () => {
      const h = window.__cityBrain!;
      const data = await (await fetch('/__bench/ours.json')).json();
      (window as unknown as { __benchData: unknown }).__benchData = data;
      h.feed.snapshot(data.snapshot);
      const target = h.pointsVersion();
      while (h.drawnPoints < target) await new Promise((r) => setTimeout(r, 20));
    });
    if (errors.length > 0) throw new Error(`the wall raised: ${errors.join('; ')}`);

    const stepOurs = (i: number) =>
      wall.evaluate(async (i) => {
        const h = window.__cityBrain!;
        const d = (
          window as unknown as {
            __benchData: {
              batches: Parameters<typeof h.feed.batch>[0][];
              risks: Parameters<typeof h.feed.risk>[0][];
            };
          }
        ).__benchData;
        h.feed.risk(d.risks[i]!);
        const applied = h.feed.batch(d.batches[i]!);
        if (applied !== 'applied') throw new Error(`batch ${i}: ${applied}`);
        const target = h.pointsVersion();
        while (h.drawnPoints < target) await new Promise((r) => setTimeout(r, 20));
      }, i);
    const stepBase = (i: number) => base.evaluate((i) => window.__minimal!.step(i), i);

    const cdpOurs = await metricsSession(octx, wall);
    const cdpBase = await metricsSession(bctx, base);
    // Idle windows (nothing fed) before, between and after the steps, pooled into each page's idle rate.
    const idle = { ours: { task: 0, ms: 0 }, base: { task: 0, ms: 0 } };
    const measureIdle = async (ms: number) => {
      for (const [side, cdp] of [
        ['base', cdpBase],
        ['ours', cdpOurs],
      ] as const) {
        const a = await taskMs(cdp);
        const t0 = performance.now();
        await new Promise((r) => setTimeout(r, ms));
        idle[side].task += (await taskMs(cdp)) - a;
        idle[side].ms += performance.now() - t0;
      }
    };
    await measureIdle(sizes.idleMs);

    const raw = { ours: [] as { task: number; ms: number }[], base: [] as { task: number; ms: number }[] };
    const measure = async (cdp: CDPSession, step: () => Promise<void>) => {
      const a = await taskMs(cdp);
      const t0 = performance.now();
      await step();
      await new Promise((r) => setTimeout(r, SETTLE_MS));
      const b = await taskMs(cdp);
      return { task: b - a, ms: performance.now() - t0 };
    };
    for (let i = 0; i < steps; i++) {
      // Alternate which page goes first, so neither always follows the other's GPU work.
      if (i % 2 === 0) {
        raw.ours.push(await measure(cdpOurs, () => stepOurs(i)));
        raw.base.push(await measure(cdpBase, () => stepBase(i)));
      } else {
        raw.base.push(await measure(cdpBase, () => stepBase(i)));
        raw.ours.push(await measure(cdpOurs, () => stepOurs(i)));
      }
      await measureIdle(sizes.idleStepMs);
    }
    await measureIdle(sizes.idleMs);
    if (errors.length > 0) throw new Error(`the wall raised: ${errors.join('; ')}`);

    // Where the wall's time goes: a CPU profile of a few more steps (not part of the figure).
    let profile = '';
    if (sizes.profiled > 0) {
      await cdpOurs.send('Profiler.enable');
      await cdpOurs.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdpOurs.send('Profiler.start');
      for (let i = steps; i < steps + sizes.profiled; i++) await stepOurs(i);
      const { profile: p } = await cdpOurs.send('Profiler.stop');
      profile = summarizeBrowserProfile(p);
    }

    const rate = (side: 'ours' | 'base') => idle[side].task / idle[side].ms;
    const net = (side: 'ours' | 'base') => raw[side].slice(sizes.warm).map((s) => s.task - rate(side) * s.ms);
    const ours = mean(net('ours'));
    const baseline = mean(net('base'));
    const oursWindow = mean(raw.ours.slice(sizes.warm).map((s) => s.ms));
    const baseWindow = mean(raw.base.slice(sizes.warm).map((s) => s.ms));
    const gl = process.env.CHROMIUM_GL ?? 'llvmpipe';
    const notes = `Headless Chromium with software WebGL (${gl}) on a shared machine. Median ${round(median(net('ours')), 1)} ms (baseline ${round(median(net('base')), 1)} ms); batch to frame ${Math.round(oursWindow - SETTLE_MS)} ms wall-clock (the wall redraws live points at most every 250 ms) vs ${Math.round(baseWindow - SETTLE_MS)} ms; idle main thread ${round(rate('ours') * 1000, 1)} ms/s on the wall (clocks, heartbeats, React) and ${round(rate('base') * 1000, 1)} ms/s on the baseline (deck.gl's frame loop), over ${Math.round(idle.ours.ms / 1000)} s of idle windows between the steps, subtracted over each step's window; raw step means ${round(mean(raw.ours.slice(sizes.warm).map((s) => s.task)), 1)} ms vs ${round(mean(raw.base.slice(sizes.warm).map((s) => s.task)), 1)} ms.${profile ? ` Where the wall's time goes (${sizes.profiled} more steps, sampled): ${profile}.` : ''}`;
    return [
      {
        name: 'browser',
        detail: `renderer main-thread time (thread CPU, CDP TaskDuration) per live batch of ${BATCH.toLocaleString('en')} new events into ${sizes.open.toLocaleString('en')} open ones plus a risk update recolouring the ${micro.length.toLocaleString('en')} micro-grid polygons, from feeding it to 100 ms after the frame that draws it, less the page's idle rate; the real /wall (?risk=grid&tour=off) fed through its stores as the socket feeds them; mean of ${sizes.measured} batches after ${sizes.warm} warm-up, steps alternating with the baseline`,
        value: round(ours, 2),
        unit: 'ms/batch',
        baseline:
          'a minimal page with plain deck.gl (ScatterplotLayer fed the same batch as binary attributes, SolidPolygonLayer of the same micro-grids recoloured via updateTriggers), same browser, same run',
        baselineValue: round(baseline, 2),
        ratio: ratioOf(ours, baseline),
        goal: `≤ ${GOAL_RATIO}× baseline`,
        met: ours <= GOAL_RATIO * baseline,
        notes,
      },
    ];
  } finally {
    await browser?.close();
    await server.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const f of await runBrowserBench({ quick: process.argv.includes('--quick') })) {
    console.log(
      `${f.name} (${f.detail}): ${f.value} ${f.unit} vs ${f.baselineValue} = ${f.ratio}× (goal ${f.goal}: ${f.met ? 'met' : 'NOT met'})${f.notes ? `\n  ${f.notes}` : ''}`,
    );
  }
}
