/**
 * Wall soak: does the wall leak? The real /wall (display token, auto-tour on, as a command centre runs
 * it, but at a quick pace: 3 s a district) in headless Chromium against a server whose simulator runs
 * 25× faster than real time, so that 60 simulated minutes pass in 144 s. Every few seconds: a forced GC
 * (CDP HeapProfiler.collectGarbage), the JS heap in use (Runtime.getHeapUsage), the live deck.gl `Deck`
 * and MapLibre `Map` instances (Runtime.queryObjects on their prototypes, window.__cityBrain.mapClasses:
 * a wall draws one map, so anything above one of each is a detached instance kept alive) and the live
 * WebGL buffers, vertex arrays and textures. Halfway, the wall's connection is cut for a few seconds
 * (a TCP proxy between browser and server), so Socket.IO reconnects and the store resyncs, and the
 * counting goes on after that.
 *
 * Heap growth: the median of the last three samples against the median of the first three after the
 * warm-up (two tour rounds), in %. Object growth: heap snapshots at the warm-up's end and at the end,
 * the live JavaScript objects other than compiled code (which V8 adds for minutes as it optimises the
 * page's functions, bounded by the page's scripts); native objects and the classes that grew most are
 * in the notes. Baseline, same run, same browser, side by side: the same wall against a second server
 * with the simulator off (nothing arrives; same cut and reconnect).
 *
 * Rerun: `npm run bench -- wall-soak` (or `tsx bench/wall-soak.ts [--quick]`); quick mode runs 5
 * simulated minutes without the cut and proves only that it works. A screenshot at the end: tests/artifacts/wall-soak.png.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { countByPrototype, mapInstances, WALL_MAP_INSTANCES } from '../tests/helpers/map-instances';
import { TcpProxy } from '../tests/helpers/tcp-proxy';
import { ensureClientBuilt } from './lib/client-build';
import { grownClasses, type HeapCensus, heapCensus } from './lib/heap-census';
import { type BenchServer, startBenchServer } from './lib/server';
import { ratioOf, round } from './lib/stats';
import type { BenchFigure } from './types';

const SPEED = 25;
/**
 * The tour at a quick pace (seconds per district and for the whole city): a run passes every stop
 * several times, so what a round of fly-overs, tile loads and per-district layers leaves behind shows
 * as growth from round to round rather than as a first visit's caches.
 */
const TOUR_HOLD_S = 3;
const TOUR_CITY_HOLD_S = 6;
const DISTRICTS = (
  JSON.parse(readFileSync(new URL('../data/longgang/city.json', import.meta.url), 'utf8')) as {
    districts: unknown[];
  }
).districts.length;
/** One tour round: the whole city, then every district. */
const TOUR_ROUND_S = TOUR_CITY_HOLD_S + DISTRICTS * TOUR_HOLD_S;
const EVENTS_PER_DAY = 20_000;
const GOAL_GROWTH_PCT = 10;
const MB = 1024 * 1024;

interface Sample {
  /** Seconds since sampling began. */
  t: number;
  heap: number;
  deck: number;
  map: number;
  /** Live WebGL buffers, vertex arrays and textures (JS wrappers; a deleted one that is kept counts too). */
  gl: number;
}

const WEBGL_CLASSES = ['WebGLBuffer', 'WebGLVertexArrayObject', 'WebGLTexture'];

/** One wall: its page, a CDP session, its proxy and samples. */
interface Wall {
  server: BenchServer;
  proxy: TcpProxy;
  ctx: BrowserContext;
  page: Page;
  cdp: CDPSession;
  samples: Sample[];
  errors: string[];
  /** Heap snapshots' censuses at the end of the warm-up and at the end. */
  census: HeapCensus[];
}

async function sample(wall: Wall, t: number): Promise<void> {
  // mapInstances forces a GC first, so the heap read after it is what survives.
  const { deck, map } = await mapInstances(wall.cdp);
  const { usedSize } = await wall.cdp.send('Runtime.getHeapUsage');
  let gl = 0;
  for (const name of WEBGL_CLASSES) gl += await countByPrototype(wall.cdp, `${name}.prototype`);
  wall.samples.push({ t, heap: usedSize, deck, map, gl });
}

async function openWall(browser: Browser, server: BenchServer): Promise<Wall> {
  const proxy = new TcpProxy('127.0.0.1', Number(new URL(server.url).port));
  await proxy.start();
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await page.goto(
    `http://127.0.0.1:${proxy.port}/wall?token=${server.wall}&tourHoldS=${TOUR_HOLD_S}&tourCityHoldS=${TOUR_CITY_HOLD_S}`,
  );
  try {
    await page.waitForFunction(() => window.__cityBrain?.mapReady === true, undefined, {
      timeout: 180_000,
      polling: 100,
    });
  } catch (err) {
    const state = await page.evaluate(() =>
      JSON.stringify({ frames: window.__cityBrain?.frames, mapReady: window.__cityBrain?.mapReady }),
    );
    throw new Error(`the wall did not draw its map: ${state}; errors: ${errors.join('; ')}`, { cause: err });
  }
  return { server, proxy, ctx, page, cdp, samples: [], errors, census: [] };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2;
};

/** Heap growth (%) after the warm-up: last three samples against the first three after it. */
function growthPct(samples: Sample[], warmS: number): { pct: number; from: number; to: number } {
  const after = samples.filter((s) => s.t >= warmS);
  const from = median(after.slice(0, 3).map((s) => s.heap));
  const to = median(after.slice(-3).map((s) => s.heap));
  return { pct: ((to - from) / from) * 100, from, to };
}

/**
 * Growth (%) of the JavaScript objects other than compiled code (V8's heap, as the heap figure, less
 * its code) from the first census to the last; compiled code and native objects beside it.
 */
function objectGrowth(wall: Wall) {
  const a = wall.census[0]!;
  const b = wall.census[wall.census.length - 1]!;
  const js = (c: HeapCensus) => c.total - c.code - c.native;
  return {
    pct: ((js(b) - js(a)) / js(a)) * 100,
    from: js(a),
    to: js(b),
    code: [a.code, b.code],
    native: [a.native, b.native],
  };
}

/** Runs the wall soak: 60 simulated minutes at 25× (quick: 5 minutes). */
export async function runWallSoakBench(opts: { quick: boolean }): Promise<BenchFigure[]> {
  ensureClientBuilt(opts.quick, 'wall-soak');
  const simMinutes = opts.quick ? 5 : 60;
  const seconds = (simMinutes * 60) / SPEED;
  const everyMs = opts.quick ? 1000 : 3000;
  // The warm-up takes two tour rounds (quick: a quarter of its short run), so that every stop's tiles
  // and code paths have been visited before the first census.
  const warmS = opts.quick ? seconds / 4 : Math.max(seconds / 4, 2 * TOUR_ROUND_S);
  // Quick mode skips the cut: Socket.IO's reconnect back-off alone takes longer than its whole run.
  const cutS = opts.quick ? Number.POSITIVE_INFINITY : seconds / 2;
  const cutMs = opts.quick ? 1500 : 4000;
  const tStart = performance.now();
  const [live, quiet] = await Promise.all([
    startBenchServer({ SIM: 'on', SIM_SPEED: String(SPEED), SIM_EVENTS_PER_DAY: String(EVENTS_PER_DAY) }),
    startBenchServer(),
  ]);
  let browser: Browser | null = null;
  const walls: Wall[] = [];
  try {
    const { launchBrowser, saveScreenshot } = await import('../tests/helpers/browser');
    browser = await launchBrowser();
    // One after the other: two walls loading at once in software GL on a shared machine can take minutes.
    walls.push(await openWall(browser, live));
    walls.push(await openWall(browser, quiet));
    const [ours, base] = walls as [Wall, Wall];
    const setupS = (performance.now() - tStart) / 1000;
    const liveAtStart = await ours.page.evaluate(() => window.__cityBrain!.liveCount());
    const t0 = performance.now();
    let cut = false;
    let reconnectedAt = Number.NaN;
    for (;;) {
      const t = (performance.now() - t0) / 1000;
      // Past the end, with at least two samples after the warm-up and two after the reconnect: on a
      // loaded machine one sample (a forced GC in software GL) can take longer than a quick run.
      const settled =
        ours.samples.filter((s) => s.t >= warmS).length >= 2 &&
        (!Number.isFinite(cutS) || ours.samples.filter((s) => s.t >= reconnectedAt).length >= 2);
      if (t > seconds && settled) break;
      await Promise.all(walls.map((w) => sample(w, t)));
      if (t >= warmS && ours.census.length === 0) {
        for (const w of walls) w.census.push(await heapCensus(w.cdp));
      }
      if (!cut && t >= cutS) {
        cut = true;
        // Both walls lose their server for a moment: Socket.IO reconnects, the store resyncs.
        await Promise.all(walls.map((w) => w.proxy.cut()));
        await new Promise((r) => setTimeout(r, cutMs));
        await Promise.all(walls.map((w) => w.proxy.restore()));
        await ours.page.waitForFunction(
          () => document.querySelector('[data-testid="connection"]')?.textContent?.includes('实时'),
          undefined,
          { timeout: 30_000, polling: 200 },
        );
        reconnectedAt = (performance.now() - t0) / 1000;
      }
      const next = t0 + (Math.floor((performance.now() - t0) / everyMs) + 1) * everyMs;
      await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
    }
    for (const w of walls) w.census.push(await heapCensus(w.cdp));
    const liveAtEnd = await ours.page.evaluate(() => window.__cityBrain!.liveCount());
    const openAtEnd = await ours.page.evaluate(() => window.__cityBrain!.openCount());
    const frames = await ours.page.evaluate(() => window.__cityBrain!.frames);
    await saveScreenshot(ours.page, 'wall-soak');
    const errors = walls.flatMap((w) => w.errors);
    if (errors.length > 0) throw new Error(`the wall raised: ${errors.join('; ')}`);

    const g = growthPct(ours.samples, warmS);
    const gb = growthPct(base.samples, warmS);
    const instances = (w: Wall) => ({
      deck: [Math.min(...w.samples.map((s) => s.deck)), Math.max(...w.samples.map((s) => s.deck))],
      map: [Math.min(...w.samples.map((s) => s.map)), Math.max(...w.samples.map((s) => s.map))],
      afterCut: w.samples.filter((s) => s.t >= reconnectedAt).length,
    });
    const io = instances(ours);
    const ib = instances(base);
    const exact = (i: ReturnType<typeof instances>) =>
      i.deck[0] === WALL_MAP_INSTANCES.deck &&
      i.deck[1] === WALL_MAP_INSTANCES.deck &&
      i.map[0] === WALL_MAP_INSTANCES.map &&
      i.map[1] === WALL_MAP_INSTANCES.map;
    const heapSeries = ours.samples.map((s) => round(s.heap / MB, 1)).join(', ');
    const o = objectGrowth(ours);
    const ob = objectGrowth(base);
    const glRange = (w: Wall) => {
      const gl = w.samples.filter((s) => s.t >= warmS).map((s) => s.gl);
      return `${Math.min(...gl)}–${Math.max(...gl)}`;
    };
    const grown = (w: Wall) =>
      grownClasses(w.census[0]!, w.census[w.census.length - 1]!, 4)
        .map(
          (c) =>
            `${c.name} ${c.size >= 0 ? '+' : ''}${round(c.size / 1024, 1)} KB (${c.count >= 0 ? '+' : ''}${c.count})`,
        )
        .join(', ');
    const census = (w: Wall, x: ReturnType<typeof objectGrowth>) =>
      `JavaScript objects other than compiled code ${round(x.from / MB, 2)} → ${round(x.to / MB, 2)} MB, compiled code ${x.code.map((b) => round(b / MB, 2)).join(' → ')} MB, native objects ${x.native.map((b) => round(b / MB, 2)).join(' → ')} MB; grew most: ${grown(w)}; WebGL buffers, vertex arrays and textures after the warm-up ${glRange(w)}`;
    const detail = `${simMinutes} simulated minutes at ${SPEED}× (${Math.round(seconds)} s), /wall with its display token and the auto-tour at ${TOUR_HOLD_S} s a district and ${TOUR_CITY_HOLD_S} s the city (a round of ${DISTRICTS} districts every ${TOUR_ROUND_S} s; about ${round(seconds / TOUR_ROUND_S, 1)} rounds), simulator at ${EVENTS_PER_DAY.toLocaleString('en')} events/day; ${ours.samples.length} samples every ${everyMs / 1000} s after a forced GC; ${cut ? `connection cut for ${cutMs / 1000} s at ${Math.round(cutS)} s (reconnected at ${round(reconnectedAt, 1)} s)` : 'no connection cut (quick)'}`;
    const notes = `Setup (servers, walls loaded) ${Math.round(setupS)} s. Ours: heap ${round(g.from / MB, 1)} → ${round(g.to / MB, 1)} MB after the warm-up (${Math.round(warmS)} s); samples (MB): ${heapSeries}; heap snapshots at the warm-up's end and at the end: ${census(ours, o)}; live events seen ${liveAtStart} → ${liveAtEnd}, ${openAtEnd.toLocaleString('en')} open at the end, ${frames} frames drawn. Baseline: heap ${round(gb.from / MB, 1)} → ${round(gb.to / MB, 1)} MB; ${census(base, ob)}. Instances (min–max over the run; ${io.afterCut} samples after the reconnect): Deck ${io.deck.join('–')}, Map ${io.map.join('–')} (baseline Deck ${ib.deck.join('–')}, Map ${ib.map.join('–')}).`;
    /** A growth figure (%): ours against the idle wall's, the same goal for both kinds of growth. */
    const growthFigure = (variant: string, what: string, pct: number, basePct: number): BenchFigure => ({
      name: 'wall-soak',
      variant,
      detail: what,
      value: round(pct, 2),
      unit: '%',
      baseline: 'the same wall against a server with the simulator off, side by side, same cut',
      baselineValue: round(basePct, 2),
      ratio: ratioOf(pct, basePct),
      goal: `< ${GOAL_GROWTH_PCT} % after warm-up`,
      met: pct < GOAL_GROWTH_PCT,
      signed: true,
      notes,
    });
    return [
      growthFigure('heap', `JS heap growth after forced GC, after the warm-up; ${detail}`, g.pct, gb.pct),
      growthFigure(
        'objects',
        `growth of the live JavaScript objects other than compiled code (V8 heap snapshots, which collect garbage first; native objects in the notes) from the end of the warm-up to the end; compiled code grows for minutes as V8 optimises the page's functions and is bounded by its scripts; ${detail}`,
        o.pct,
        ob.pct,
      ),
      {
        name: 'wall-soak',
        variant: 'instances',
        detail: `most live deck.gl Deck plus MapLibre Map instances at any sample (after forced GC, CDP queryObjects), reconnect included; ${detail}`,
        value: io.deck[1]! + io.map[1]!,
        unit: 'instances',
        baseline: 'the same count on the wall with nothing arriving',
        baselineValue: ib.deck[1]! + ib.map[1]!,
        ratio: ratioOf(io.deck[1]! + io.map[1]!, ib.deck[1]! + ib.map[1]!),
        goal: `exactly ${WALL_MAP_INSTANCES.deck} Decks (live and static overlays) and ${WALL_MAP_INSTANCES.map} Map at every sample (no detached instances)`,
        met: exact(io),
        notes,
      },
    ];
  } finally {
    await browser?.close();
    for (const w of walls) await w.proxy.stop();
    await live.stop();
    await quiet.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const f of await runWallSoakBench({ quick: process.argv.includes('--quick') })) {
    console.log(
      `${f.name} — ${f.variant} (${f.detail}): ${f.value} ${f.unit} vs ${f.baselineValue} = ${f.ratio}× (goal ${f.goal}: ${f.met ? 'met' : 'NOT met'})${f.notes ? `\n  ${f.notes}` : ''}`,
    );
  }
}
