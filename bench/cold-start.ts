/**
 * Cold start of a wall: from navigating to /wall (fresh browser context, empty cache) to the first
 * frame drawn with live points (`window.__cityBrain.firstLiveFrameAt`, the page's own clock from
 * navigation, see client/pages/test-hooks.ts), in headless Chromium (tests/helpers/browser.ts flags, software WebGL)
 * on loopback, while a trickle of reports arrives (20 every 100 ms) on top of a preloaded backlog of
 * open events (the snapshot). Also the bytes transferred until then (HTTP responses as encoded on the
 * wire plus WebSocket frames, via CDP), and the grid geometry's bytes as sent gzipped (/api/grids/topology).
 * Baselines, same run: the same browser loading a minimal page (/api/health) from the same server to
 * its first animation frame (by that page's clock); the same responses gzip-compressed; the geometry uncompressed.
 *
 * Needs the built client: built here with `npx vite build` when dist/client is missing or older than
 * client/ and shared/. Rerun: `npm run bench -- cold-start` (or `tsx bench/cold-start.ts [--quick]`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Browser, Request } from 'playwright-core';
import { cityPoints, eventInput } from './lib/event-inputs';
import { startBenchServer } from './lib/server';
import { ratioOf } from './lib/stats';
import type { BenchFigure } from './types';

const GOAL_MS = 3000;
const GOAL_GEOMETRY_BYTES = 400 * 1024;
const root = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Builds the client when dist/client is missing or (full runs) older than its sources. */
function ensureBuilt(quick: boolean): void {
  const index = root('dist/client/index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  // Quick mode (CI, where `npm test` has just built) takes any existing build.
  if (quick && built > 0) return;
  if (built > Math.max(newestMtime(root('client')), newestMtime(root('shared')))) return;
  console.log('  cold-start: building the client (npx vite build)…');
  const r = spawnSync('npx', ['vite', 'build'], { cwd: root(''), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vite build failed:\n${r.stdout}\n${r.stderr}`);
}

/** A GET's body as it came over the wire (fetch would decode a gzipped one). */
function rawBody(url: string, token: string, encoding: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      url,
      { headers: { authorization: `Bearer ${token}`, 'accept-encoding': encoding } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(Buffer.concat(chunks))
            : reject(new Error(`GET ${url}: HTTP ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
  });
}

/** Runs the cold-start benchmark: 10,000 preloaded open events (1,000 in quick mode), best of 2 loads (1). */
export async function runColdStartBench(opts: { quick: boolean }): Promise<BenchFigure[]> {
  ensureBuilt(opts.quick);
  const points = cityPoints();
  const server = await startBenchServer();
  let browser: Browser | null = null;
  let trickle: ReturnType<typeof setInterval> | null = null;
  try {
    const token = await server.apiKey('bench-cold-start', ['events:ingest']);
    const post = async (from: number, n: number) => {
      const items = Array.from({ length: n }, (_, i) => eventInput('cold', from + i, points));
      const res = await fetch(`${server.url}/api/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(items),
      });
      if (res.status !== 202) throw new Error(`preload: HTTP ${res.status}`);
    };
    const preload = opts.quick ? 1000 : 10_000;
    for (let i = 0; i < preload; i += 1000) await post(i, 1000);
    let next = preload;
    trickle = setInterval(() => {
      void post(next, 20).catch(() => {});
      next += 20;
    }, 100);

    // Grid geometry as the server sends it to a browser (gzipped), and uncompressed.
    const topo = await rawBody(`${server.url}/api/grids/topology`, server.admin, 'identity');
    const gzipped = await rawBody(`${server.url}/api/grids/topology`, server.admin, 'gzip');
    if (!gunzipSync(gzipped).equals(topo))
      throw new Error('cold-start: the gzipped topology does not unpack to the plain one');
    const topoGzip = gzipped.byteLength;

    // Loaded here, not at the top: `npm run bench -- ingest` need not load Playwright.
    const { launchBrowser } = await import('../tests/helpers/browser');
    browser = await launchBrowser();
    const runs = opts.quick ? 1 : 2;
    let best = {
      ms: Number.POSITIVE_INFINITY,
      wire: 0,
      gzip: 0,
      ws: 0,
      mapMs: Number.NaN,
      responses: 0,
      firstFrameMs: 0,
      domMs: 0,
      marks: '',
      noticedMs: 0,
    };
    let baselineMs = Number.POSITIVE_INFINITY;
    /** When the harness saw it (navigation asked → the evaluate returned), for the record. */
    let baselineNoticedMs = Number.POSITIVE_INFINITY;
    for (let r = 0; r < runs; r++) {
      // Baseline: a minimal page from the same server, to its first frame.
      const bctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const bpage = await bctx.newPage();
      const b0 = performance.now();
      await bpage.goto(`${server.url}/api/health`);
      // As the wall's: the page's own clock (ms from navigation) at its first animation frame.
      const frameAt = await bpage.evaluate(
        () => new Promise<number>((res) => requestAnimationFrame(() => res(performance.now()))),
      );
      baselineMs = Math.min(baselineMs, frameAt);
      baselineNoticedMs = Math.min(baselineNoticedMs, performance.now() - b0);
      await bctx.close();

      const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await ctx.newPage();
      // Playwright reports the requests and WebSockets of the page's workers with the page's own (the
      // wall fetches its city data and holds its socket in workers), which the page's CDP session does not.
      const finished: Request[] = [];
      page.on('requestfinished', (req) => finished.push(req));
      let ws = 0;
      page.on('websocket', (socket) =>
        socket.on('framereceived', ({ payload }) => {
          ws += typeof payload === 'string' ? Buffer.byteLength(payload) : payload.byteLength;
        }),
      );
      const bodies: Promise<number>[] = [];
      page.on('response', (res) => {
        bodies.push(
          res
            .body()
            .then((b) => gzipSync(b).byteLength + 300) // + headers, roughly as the wire figure counts them
            .catch(() => 0),
        );
      });
      const t0 = performance.now();
      await page.goto(`${server.url}/wall?token=${server.wall}`, { waitUntil: 'commit' });
      // The wall notes when it drew its first frame and its first with live points, by its own clock
      // (ms from navigation, client/pages/test-hooks.ts): a poll from here sees them only when it next
      // gets the page's main thread, which on a cold start is busy for up to a second at a time.
      await page.waitForFunction(() => (window.__cityBrain?.firstLiveFrameAt ?? null) !== null, undefined, {
        timeout: 60_000,
        polling: 20,
      });
      const noticedMs = performance.now() - t0;
      const [firstFrameMs, ms] = await page.evaluate(() => [
        window.__cityBrain!.firstFrameAt!,
        window.__cityBrain!.firstLiveFrameAt!,
      ]);
      const domMs = await page.evaluate(
        () =>
          (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)
            ?.domContentLoadedEventEnd ?? Number.NaN,
      );
      const marks = await page.evaluate(() =>
        performance
          .getEntriesByType('mark')
          .filter((m) => m.name.startsWith('live:') || m.name.startsWith('app:'))
          .sort((a, b) => a.startTime - b.startTime)
          .map((m) => `${m.name.replace('live:', '')} ${Math.round(m.startTime)} ms`)
          .join(', '),
      );
      const wsAtFrame = ws;
      // HTTP as encoded on the wire, headers included, of the requests finished by then.
      const sizes = await Promise.all(finished.slice().map((req) => req.sizes()));
      const wireAtFrame = sizes.reduce((sum, s) => sum + s.responseHeadersSize + s.responseBodySize, 0);
      const gzip = (await Promise.all(bodies)).reduce((s, n) => s + n, 0);
      let mapMs = Number.NaN;
      try {
        await page.waitForFunction(() => window.__cityBrain?.mapReady === true, undefined, {
          timeout: 20_000,
          polling: 50,
        });
        mapMs = performance.now() - t0;
      } catch {
        // Reported as n/a.
      }
      if (ms < best.ms)
        best = {
          ms,
          wire: wireAtFrame,
          gzip,
          ws: wsAtFrame,
          mapMs,
          responses: bodies.length,
          firstFrameMs,
          domMs,
          marks,
          noticedMs,
        };
      await ctx.close();
    }
    const gl = process.env.CHROMIUM_GL ?? 'llvmpipe';
    const notes = `Headless Chromium with software WebGL (${gl}) on a shared 2-core machine. Where the time goes: DOMContentLoaded at ${Math.round(best.domMs)} ms, first frame drawn at ${Math.round(best.firstFrameMs)} ms, first frame with live data at ${Math.round(best.ms)} ms (times by the page's clock from navigation; this harness noticed the live frame at ${Math.round(best.noticedMs)} ms and the baseline's at ${Math.round(baselineNoticedMs)} ms)${best.marks ? ` (live socket, from navigation: ${best.marks})` : ''}; base map fully drawn (noticed) at ${Number.isFinite(best.mapMs) ? `${Math.round(best.mapMs)} ms` : 'n/a (over 20 s)'}; ${best.responses} HTTP responses; WebSocket ${best.ws.toLocaleString('en')} bytes (snapshot of ${preload.toLocaleString('en')} open events as columns, alerts and plans snapshots, live batches and alerts).`;
    const detail = `/wall with its display token, fresh context, ${preload.toLocaleString('en')} open events preloaded, reports trickling at 200/s; best of ${runs}`;
    return [
      {
        name: 'cold-start',
        variant: 'first live frame',
        detail: `navigation → first frame with live data; ${detail}`,
        value: Math.round(best.ms),
        unit: 'ms',
        baseline:
          'the same browser loading a minimal page (/api/health) from the same server to its first frame',
        baselineValue: Math.round(baselineMs),
        ratio: ratioOf(best.ms, baselineMs),
        goal: `< ${GOAL_MS.toLocaleString('en')} ms on loopback`,
        met: best.ms < GOAL_MS,
        notes,
      },
      {
        name: 'cold-start',
        variant: 'bytes',
        detail: `bytes transferred until the first live frame (HTTP as encoded on the wire, headers included, plus WebSocket payloads); ${detail}`,
        value: best.wire + best.ws,
        unit: 'bytes',
        baseline:
          'the same responses gzip-compressed (as a compressing proxy would send them), same WebSocket bytes',
        baselineValue: best.gzip + best.ws,
        ratio: ratioOf(best.wire + best.ws, best.gzip + best.ws),
        goal: 'no goal set (reported)',
        met: true,
        notes,
      },
      {
        name: 'cold-start',
        variant: 'grid geometry',
        detail:
          'grid geometry: GET /api/grids/topology (TopoJSON, every level) as the server sends it to a browser (Accept-Encoding: gzip), body bytes on the wire',
        value: topoGzip,
        unit: 'bytes gzip',
        baseline: 'the same response uncompressed (Accept-Encoding: identity)',
        baselineValue: topo.byteLength,
        ratio: ratioOf(topoGzip, topo.byteLength, 3),
        goal: `≤ ${GOAL_GEOMETRY_BYTES / 1024} KB gzip`,
        met: topoGzip <= GOAL_GEOMETRY_BYTES,
      },
    ];
  } finally {
    if (trickle) clearInterval(trickle);
    await browser?.close();
    await server.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const f of await runColdStartBench({ quick: process.argv.includes('--quick') })) {
    console.log(
      `${f.name} (${f.detail}): ${f.value} ${f.unit} vs ${f.baselineValue} = ${f.ratio}× (goal ${f.goal}: ${f.met ? 'met' : 'NOT met'})${f.notes ? `\n  ${f.notes}` : ''}`,
    );
  }
}
