/**
 * Wall soak: does the wall leak? The real /wall (display token, auto-tour on, as a command centre runs
 * it) in headless Chromium against a server whose simulator runs 50× faster than real time, so that
 * 60 simulated minutes pass in 72 s. Every few seconds: a forced GC (CDP HeapProfiler.collectGarbage),
 * the JS heap in use (Runtime.getHeapUsage), and the live deck.gl `Deck` and MapLibre `Map` instances
 * (Runtime.queryObjects on their prototypes, window.__cityBrain.mapClasses): a wall draws one map, so
 * anything above one of each is a detached instance kept alive. Halfway, the wall's connection is cut
 * for a few seconds (a TCP proxy between browser and server), so Socket.IO reconnects and the store
 * resyncs, and the counting goes on after that.
 *
 * Heap growth: the median of the last three samples against the median of the first three after the
 * warm-up (the first quarter of the run), in %. Baseline, same run, same browser, side by side: the
 * same wall against a second server with the simulator off (nothing arrives; same cut and reconnect).
 *
 * Rerun: `npm run bench -- wall-soak` (or `tsx bench/wall-soak.ts [--quick]`); quick mode runs 5
 * simulated minutes without the cut and proves only that it works. A screenshot at the end: tests/artifacts/wall-soak.png.
 */
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { mapInstances, WALL_MAP_INSTANCES } from '../tests/helpers/map-instances';
import { TcpProxy } from '../tests/helpers/tcp-proxy';
import { ensureClientBuilt } from './lib/client-build';
import { type BenchServer, startBenchServer } from './lib/server';
import { ratioOf, round } from './lib/stats';
import type { BenchFigure } from './types';

const SPEED = 50;
const EVENTS_PER_DAY = 20_000;
const GOAL_GROWTH_PCT = 10;
const MB = 1024 * 1024;

interface Sample {
  /** Seconds since sampling began. */
  t: number;
  heap: number;
  deck: number;
  map: number;
}

/** One wall: its page, a CDP session, its proxy and samples. */
interface Wall {
  server: BenchServer;
  proxy: TcpProxy;
  ctx: BrowserContext;
  page: Page;
  cdp: CDPSession;
  samples: Sample[];
  errors: string[];
}

async function sample(wall: Wall, t: number): Promise<void> {
  // mapInstances forces a GC first, so the heap read after it is what survives.
  const { deck, map } = await mapInstances(wall.cdp);
  const { usedSize } = await wall.cdp.send('Runtime.getHeapUsage');
  wall.samples.push({ t, heap: usedSize, deck, map });
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
  await page.goto(`http://127.0.0.1:${proxy.port}/wall?token=${server.wall}`);
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
  return { server, proxy, ctx, page, cdp, samples: [], errors };
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

/** Runs the wall soak: 60 simulated minutes at 50× (quick: 5 minutes). */
export async function runWallSoakBench(opts: { quick: boolean }): Promise<BenchFigure[]> {
  ensureClientBuilt(opts.quick, 'wall-soak');
  const simMinutes = opts.quick ? 5 : 60;
  const seconds = (simMinutes * 60) / SPEED;
  const everyMs = opts.quick ? 1000 : 3000;
  const warmS = seconds / 4;
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
    const detail = `${simMinutes} simulated minutes at ${SPEED}× (${Math.round(seconds)} s), /wall with its display token and auto-tour, simulator at ${EVENTS_PER_DAY.toLocaleString('en')} events/day; ${ours.samples.length} samples every ${everyMs / 1000} s after a forced GC; ${cut ? `connection cut for ${cutMs / 1000} s at ${Math.round(cutS)} s (reconnected at ${round(reconnectedAt, 1)} s)` : 'no connection cut (quick)'}`;
    const notes = `Setup (servers, walls loaded) ${Math.round(setupS)} s. Ours: heap ${round(g.from / MB, 1)} → ${round(g.to / MB, 1)} MB after the warm-up (${Math.round(warmS)} s); samples (MB): ${heapSeries}; live events seen ${liveAtStart} → ${liveAtEnd}, ${openAtEnd.toLocaleString('en')} open at the end, ${frames} frames drawn. Baseline: heap ${round(gb.from / MB, 1)} → ${round(gb.to / MB, 1)} MB. Instances (min–max over the run; ${io.afterCut} samples after the reconnect): Deck ${io.deck.join('–')}, Map ${io.map.join('–')} (baseline Deck ${ib.deck.join('–')}, Map ${ib.map.join('–')}).`;
    return [
      {
        name: 'wall-soak',
        variant: 'heap',
        detail: `JS heap growth after forced GC, after the warm-up; ${detail}`,
        value: round(g.pct, 2),
        unit: '%',
        baseline: 'the same wall against a server with the simulator off, side by side, same cut',
        baselineValue: round(gb.pct, 2),
        ratio: ratioOf(g.pct, gb.pct),
        goal: `< ${GOAL_GROWTH_PCT} % after warm-up`,
        met: g.pct < GOAL_GROWTH_PCT,
        signed: true,
        notes,
      },
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
