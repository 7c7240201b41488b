/**
 * Main-thread time per live batch in headless Chromium (tests/helpers/browser.ts flags, software
 * WebGL): 1,000 new events into 100,000 live points plus a recolour of the 3,229 micro-grid polygons.
 *
 * Ours: the real wall (/wall?risk=grid&tour=off with its display token, so the risk shows as a
 * choropleth of micro-grids) holding the open events of a snapshot; each step feeds one batch, as the
 * columns the wall's socket receives (`sync:batch-columns`), and one risk update through the stores
 * exactly as the socket's handlers do (`window.__cityBrain.feed`, see client/pages/test-hooks.ts), and
 * ends when a frame has drawn the batch's points
 * (`drawnPoints >= pointsVersion()`). Baseline, same run, same browser: a minimal page
 * (bench/pages/minimal) with plain deck.gl, a ScatterplotLayer fed the same points as binary
 * attributes (it appends the batch's typed arrays) and a SolidPolygonLayer of the same micro-grids
 * recoloured with the same colours through `updateTriggers`, ending at its frame the same way.
 *
 * Main-thread time is the renderer main thread's task time in thread CPU time (CDP Performance
 * metrics, `TaskDuration` with `threadTicks`) from just before a step to 100 ms after its frame, less
 * what the same page spends idle over as many animation frames, at the cost per frame of the idle
 * windows just before and just after that step. Idle cost follows the frames (deck.gl's frame loop, and
 * a frame counter the benchmark runs on both pages), and a step gets fewer frames than its length would
 * give an idle page (software GL busy drawing), so per frame, not per ms. The wall's steps and idle
 * windows both begin just after its 1 Hz clock ticks and end before the next: the clock's work (its
 * render, the ring sweep) is in neither. A local rate follows the machine's load as it changes (these
 * machines are shared); one rate fitted over the whole run did not, and moved the figure 2× from run
 * to run. The figure is the median step (a stray GC or timer burst moves a mean); the mean is in the
 * notes. Steps alternate between the two pages.
 *
 * Rerun: `npm run bench -- browser` (or `tsx bench/browser.ts [--quick]`). With BENCH_TRACE=1 it also
 * prints, outside the figure, where the time goes: inclusive CPU-profile time per function over whole
 * step windows of both pages, self time by Chrome trace event (script, style, layout, paint, commit)
 * over more steps (BENCH_TRACE_DIR=<dir> keeps the traces), and how often the wall's MapLibre rendered
 * and its deck.gl overlays drew.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { feature } from 'topojson-client';
import type { GeometryCollection } from 'topojson-specification';
import { encodeBatch, encodeSnapshot } from '../shared/snapshot-columns';
import { ensureClientBuilt, ensureMinimalPageBuilt, MINIMAL_BASE } from './lib/client-build';
import { loadCity } from './lib/event-inputs';
import { liveFixture, packArrays, pointArrays, riskColours } from './lib/live-fixture';
import { startBenchServer } from './lib/server';
import { ratioOf, round } from './lib/stats';
import type { BenchFigure } from './types';

const GOAL_RATIO = 1.5;
const BATCH = 1000;
const SETTLE_MS = 100;
/** No step's window ends before this (ms after feeding): the wall redraws live points on a 250 ms throttle. */
const MIN_WINDOW_MS = 400;
/**
 * Longest idle window on the wall: each begins 50 ms after its clock ticks (once a second) and must end
 * before the next tick, CDP round trips included.
 */
const WALL_IDLE_WINDOW_MS = 800;
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
  /** Extra steps of both pages under a Chrome trace (BENCH_TRACE=1), printed, not reported. */
  traced: number;
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
function summarizeBrowserProfile(ps: { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[] }[]) {
  const fn = new Map<string, number>();
  const chunk = new Map<string, number>();
  let total = 0;
  for (const p of ps) {
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
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
  }
  if (total === 0) return 'no samples';
  const list = (m: Map<string, number>, top: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => `${Math.round((v / total) * 100)} % ${k}`)
      .join('; ');
  return `${Math.round(total / 1000 / ps.length)} ms sampled per step; by script: ${list(chunk, 6)}. By function: ${list(fn, 12)}`;
}

/** A measured window: main-thread task ms, animation frames, wall-clock ms. */
interface Window_ {
  task: number;
  ticks: number;
  /** Frames the page's deck.gl drew. */
  frames: number;
  t: number;
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2;
};

/** Runs the browser benchmark (quick: 10,000 points, 1 + 3 batches). */
export async function runBrowserBench(opts: { quick: boolean }): Promise<BenchFigure[]> {
  const sizes: Sizes = opts.quick
    ? { open: 10_000, warm: 1, measured: 3, idleMs: 500, idleStepMs: 500, profiled: 0, traced: 0 }
    : { open: 100_000, warm: 3, measured: 32, idleMs: 3000, idleStepMs: 1500, profiled: 4, traced: 0 };
  if (process.env.BENCH_TRACE) sizes.traced = 8;
  ensureClientBuilt(opts.quick, 'browser');
  const minimalDir = await ensureMinimalPageBuilt();
  const steps = sizes.warm + sizes.measured;

  // The same events for both pages: objects for the wall, typed arrays for the baseline.
  const city = loadCity();
  const now = Date.now();
  const fixture = liveFixture(city, {
    open: sizes.open,
    batches: steps + sizes.profiled + sizes.traced,
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
  // As the server sends them to a screen that asked `compact` (the wall): columns, not objects.
  const oursJson = JSON.stringify({
    snapshot: encodeSnapshot(fixture.snapshot),
    batches: fixture.batches.map(encodeBatch),
    risks: fixture.risks,
  });

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
    await base.waitForFunction(() => window.__minimal !== undefined, undefined, { timeout: 120_000 });
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
    // Generous limits: on a loaded 2-core machine software GL takes long over its first frames.
    await wall.waitForFunction(
      () =>
        (window.__cityBrain?.frames ?? 0) > 0 &&
        document.querySelector('[data-testid="connection"]')?.textContent?.includes('实时'),
      undefined,
      { timeout: 240_000, polling: 100 },
    );
    await wall.evaluate(async () => {
      const h = window.__cityBrain!;
      const data = await (await fetch('/__bench/ours.json')).json();
      (window as unknown as { __benchData: unknown }).__benchData = data;
      h.feed.snapshotColumns(data.snapshot);
      const target = h.pointsVersion();
      while (h.drawnPoints < target) await new Promise((r) => setTimeout(r, 20));
    });
    if (errors.length > 0) throw new Error(`the wall raised: ${errors.join('; ')}`);
    const mapReady = await wall
      .waitForFunction(() => window.__cityBrain?.mapReady === true, undefined, { timeout: 60_000 })
      .then(
        () => true,
        () => false,
      );

    const stepOurs = (i: number) =>
      wall.evaluate(async (i) => {
        const h = window.__cityBrain!;
        const d = (
          window as unknown as {
            __benchData: {
              batches: Parameters<typeof h.feed.batchColumns>[0][];
              risks: Parameters<typeof h.feed.risk>[0][];
            };
          }
        ).__benchData;
        h.feed.risk(d.risks[i]!);
        const applied = h.feed.batchColumns(d.batches[i]!);
        if (applied !== 'applied') throw new Error(`batch ${i}: ${applied}`);
        const target = h.pointsVersion();
        while (h.drawnPoints < target) await new Promise((r) => setTimeout(r, 20));
      }, i);
    const stepBase = (i: number) => base.evaluate((i) => window.__minimal!.step(i), i);

    const cdpOurs = await metricsSession(octx, wall);
    const cdpBase = await metricsSession(bctx, base);
    // Animation frames (rAF ticks) counted in each page: what a page spends idle goes with them.
    const countTicks =
      '(() => { window.__benchTicks = 0; const tick = () => { window.__benchTicks++; requestAnimationFrame(tick); }; requestAnimationFrame(tick); })()';
    await wall.evaluate(countTicks);
    // Diagnostics (BENCH_TRACE): how often MapLibre renders and deck.gl draws on the wall.
    if (process.env.BENCH_TRACE)
      await wall.evaluate(
        `(() => { const c = window.__cityBrain.mapClasses; window.__draws = { map: 0, deck: 0 }; const r = c.map.prototype._render; c.map.prototype._render = function (...a) { window.__draws.map++; return r.apply(this, a); }; const d = c.deck.prototype._drawLayers; c.deck.prototype._drawLayers = function (...a) { window.__draws.deck++; return d.apply(this, a); }; })()`,
      );
    await base.evaluate(countTicks);
    const snap = async (cdp: CDPSession): Promise<Window_> => {
      const task = await taskMs(cdp);
      const { result } = await cdp.send('Runtime.evaluate', {
        expression: '[window.__benchTicks, (window.__cityBrain ?? window.__minimal).frames]',
        returnByValue: true,
      });
      const [ticks, frames] = result.value as [number, number];
      return { task, ticks, frames, t: performance.now() };
    };
    const diff = (a: Window_, b: Window_): Window_ => ({
      task: b.task - a.task,
      ticks: b.ticks - a.ticks,
      frames: b.frames - a.frames,
      t: b.t - a.t,
    });
    // The wall's header refreshes once a second (its clock, with the live counters read at that tick),
    // whatever the batches do: a render of ~1.7 ms (trace: React, then layout and paint of the page)
    // that fell into a step's window or not by chance, and a step, whose frames stall while software
    // GL draws, subtracts only its two frames' share of it. The wall's steps therefore begin just after
    // a tick (and its frame), so the next one falls after the window; the baseline has no clock.
    const afterClockTick = () =>
      wall.evaluate(
        `new Promise((resolve) => {
          const clock = document.querySelector('.clock');
          if (!clock) return resolve(0);
          const seen = new MutationObserver(() => {
            seen.disconnect();
            setTimeout(() => resolve(0), 50);
          });
          seen.observe(clock, { childList: true, characterData: true, subtree: true });
        })`,
      );
    // Idle windows (nothing fed) before, between and after the steps. The wall's begin just after its
    // clock ticks and end before the next one, as its steps do (below): the clock's render, and the
    // ring sweep it runs every 10 s, then fall in neither, and a step less its frames at the idle cost
    // per frame leaves what the batch cost. With the tick in the idle windows only, the idle cost per
    // frame was overstated (a quick run's short windows put the wall's median step below zero).
    const idle = { ours: [] as Window_[], base: [] as Window_[] };
    const measureIdle = async (ms: number) => {
      for (const [side, cdp] of [
        ['base', cdpBase],
        ['ours', cdpOurs],
      ] as const) {
        const count = side === 'ours' ? Math.ceil(ms / WALL_IDLE_WINDOW_MS) : 1;
        let total: Window_ = { task: 0, ticks: 0, frames: 0, t: 0 };
        for (let k = 0; k < count; k++) {
          if (side === 'ours') await afterClockTick();
          const a = await snap(cdp);
          await new Promise((r) => setTimeout(r, ms / count));
          const w = diff(a, await snap(cdp));
          total = {
            task: total.task + w.task,
            ticks: total.ticks + w.ticks,
            frames: total.frames + w.frames,
            t: total.t + w.t,
          };
        }
        idle[side].push(total);
      }
    };
    await measureIdle(sizes.idleMs);

    const raw = {
      ours: [] as (Window_ & { drawnMs: number })[],
      base: [] as (Window_ & { drawnMs: number })[],
    };
    // Both pages' GPU work drained before a step (software GL takes seconds for 100,000 points), so a
    // step never waits for frames of the other page or of the previous step.
    const drain = async () => {
      for (const p of [wall, base])
        await p.evaluate(
          'new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(0))))',
        );
    };
    const measure = async (cdp: CDPSession, step: () => Promise<void>, ready?: () => Promise<unknown>) => {
      await drain();
      await ready?.();
      const a = await snap(cdp);
      await step();
      const drawnMs = performance.now() - a.t;
      // The window covers what a batch sets off after its frame too: the wall's throttled re-render.
      await new Promise((r) => setTimeout(r, Math.max(0, MIN_WINDOW_MS - drawnMs) + SETTLE_MS));
      return { ...diff(a, await snap(cdp)), drawnMs };
    };
    for (let i = 0; i < steps; i++) {
      // Alternate which page goes first, so neither always follows the other's GPU work.
      if (i % 2 === 0) {
        raw.ours.push(await measure(cdpOurs, () => stepOurs(i), afterClockTick));
        raw.base.push(await measure(cdpBase, () => stepBase(i)));
      } else {
        raw.base.push(await measure(cdpBase, () => stepBase(i)));
        raw.ours.push(await measure(cdpOurs, () => stepOurs(i), afterClockTick));
      }
      await measureIdle(sizes.idleStepMs);
    }
    await measureIdle(sizes.idleMs);
    if (errors.length > 0) throw new Error(`the wall raised: ${errors.join('; ')}`);
    if (process.env.BENCH_TRACE)
      console.log(`  wall draws over the run: ${await wall.evaluate('JSON.stringify(window.__draws)')}`);
    if (process.env.BENCH_DEBUG) console.log(JSON.stringify({ idle, raw }));

    /** CPU profiles of steps `from` … `to - 1`, each from feeding it to `tailMs` after its frame. */
    const profileSteps = async (
      cdp: CDPSession,
      step: (i: number) => Promise<void>,
      from: number,
      to: number,
      tailMs: number,
    ) => {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      const profiles: Parameters<typeof summarizeBrowserProfile>[0] = [];
      for (let i = from; i < to; i++) {
        await drain();
        await cdp.send('Profiler.start');
        await step(i);
        if (tailMs > 0) await new Promise((r) => setTimeout(r, tailMs));
        profiles.push((await cdp.send('Profiler.stop')).profile);
      }
      return profiles;
    };
    // Where the wall's time goes: a CPU profile of a few more steps (not part of the figure).
    const profile =
      sizes.profiled > 0
        ? summarizeBrowserProfile(await profileSteps(cdpOurs, stepOurs, steps, steps + sizes.profiled, 0))
        : '';
    // Where both pages' main-thread time goes over whole step windows (as measured): a CPU profile of
    // each page's steps, then a Chrome trace of more steps (style, layout, paint and commit included).
    if (sizes.traced > 0) {
      const { inclusiveTime, mainThreadSelfTime, formatSelfTime } = await import('./lib/trace-summary');
      const half = sizes.traced / 2;
      const first = steps + sizes.profiled;
      for (const [side, page, cdp, step] of [
        ['wall', wall, cdpOurs, stepOurs],
        ['baseline', base, cdpBase, stepBase],
      ] as const) {
        const windows = await profileSteps(cdp, step, first, first + half, MIN_WINDOW_MS + SETTLE_MS);
        console.log(`  inclusive ms per step window (${side}):\n    ${inclusiveTime(windows, 40)}`);
        await drain();
        await browser.startTracing(page, {
          categories: [
            'devtools.timeline',
            'disabled-by-default-devtools.timeline',
            'v8.execute',
            'blink',
            'gpu',
          ],
        });
        for (let i = first + half; i < first + sizes.traced; i++) {
          await drain();
          await step(i);
          await new Promise((r) => setTimeout(r, MIN_WINDOW_MS));
        }
        const trace = await browser.stopTracing();
        if (process.env.BENCH_TRACE_DIR)
          writeFileSync(path.join(process.env.BENCH_TRACE_DIR, `browser-${side}.json`), trace);
        console.log(`  trace ${side}: ${formatSelfTime(mainThreadSelfTime(trace), half)}`);
      }
    }

    const sum = (ws: Window_[], k: keyof Window_) => ws.reduce((s, w) => s + w[k], 0);
    const rate = (side: 'ours' | 'base') => sum(idle[side], 'task') / sum(idle[side], 't');
    // idle[side][i] was measured just before step i, idle[side][i + 1] just after it.
    const perTick = (side: 'ours' | 'base', i: number) => {
      const [x, y] = [idle[side][i]!, idle[side][i + 1]!];
      return (x.task + y.task) / Math.max(1, x.ticks + y.ticks);
    };
    const net = (side: 'ours' | 'base') =>
      raw[side].map((s, i) => s.task - perTick(side, i) * s.ticks).slice(sizes.warm);
    const tickCost = (side: 'ours' | 'base') =>
      sum(idle[side], 'task') / Math.max(1, sum(idle[side], 'ticks'));
    const ours = median(net('ours'));
    const baseline = median(net('base'));
    const oursWindow = mean(raw.ours.slice(sizes.warm).map((s) => s.drawnMs));
    const baseWindow = mean(raw.base.slice(sizes.warm).map((s) => s.drawnMs));
    const gl = process.env.CHROMIUM_GL ?? 'llvmpipe';
    const notes = `Headless Chromium with software WebGL (${gl}) on a shared machine. Median step ${round(ours, 2)} ms vs ${round(baseline, 2)} ms; mean ${round(mean(net('ours')), 2)} ms vs ${round(mean(net('base')), 2)} ms; batch to frame ${Math.round(oursWindow)} ms wall-clock vs ${Math.round(baseWindow)} ms (windows last at least ${MIN_WINDOW_MS + SETTLE_MS} ms, ${SETTLE_MS} ms past the frame); idle main thread ${round(rate('ours') * 1000, 1)} ms/s on the wall and ${round(rate('base') * 1000, 1)} ms/s on the baseline over ${Math.round(sum(idle.ours, 't') / 1000)} s of idle windows between the steps (${round(tickCost('ours'), 2)} vs ${round(tickCost('base'), 2)} ms per animation frame), each step less its frames at the cost per frame of the idle windows just before and after it; animation frames per step ${round(mean(raw.ours.slice(sizes.warm).map((s) => s.ticks)), 1)} vs ${round(mean(raw.base.slice(sizes.warm).map((s) => s.ticks)), 1)}; deck.gl frames drawn per batch ${round(mean(raw.ours.slice(sizes.warm).map((s) => s.frames)), 1)} on the wall vs ${round(mean(raw.base.slice(sizes.warm).map((s) => s.frames)), 1)}; ${mapReady ? '' : 'the base map had not finished drawing its tiles when the steps began; '}raw step means ${round(mean(raw.ours.slice(sizes.warm).map((s) => s.task)), 1)} ms vs ${round(mean(raw.base.slice(sizes.warm).map((s) => s.task)), 1)} ms.${profile ? ` Where the wall's time goes (${sizes.profiled} more steps, sampled): ${profile}.` : ''}`;
    return [
      {
        name: 'browser',
        detail: `renderer main-thread time (thread CPU, CDP TaskDuration) per live batch of ${BATCH.toLocaleString('en')} new events into ${sizes.open.toLocaleString('en')} open ones plus a risk update recolouring the ${micro.length.toLocaleString('en')} micro-grid polygons, from feeding it to 100 ms after the frame that draws it (at least 500 ms), less what the page spends idle over as many animation frames just before and after it; the real /wall (?risk=grid&tour=off) fed through its stores as the socket feeds them (the batch as columns, sync:batch-columns), each of its steps and idle windows begun just after its 1 s clock tick and ended before the next (the clock's render and the ring sweep it runs are in neither); median of ${sizes.measured} batches after ${sizes.warm} warm-up, steps alternating with the baseline`,
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
