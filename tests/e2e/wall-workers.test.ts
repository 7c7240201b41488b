import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectErrors, launchBrowser } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/test-server';

/**
 * The wall's WebSocket runs in a worker (client/net/worker-websocket.ts), so that its snapshot arrives
 * whole while the page's main thread is busy starting up, and its city data is fetched and decoded in
 * another (client/net/city-data.ts); a page that cannot run a worker does the same itself, and is live
 * all the same.
 */
describe("/wall's socket and city data in workers", () => {
  let server: TestServer;
  let browser: Browser;

  const report = (id: string, i: number) => ({
    id,
    source: 'grid-worker',
    category: 'urban',
    subcategory: 'street-order',
    lon: 120.55 + i * 0.004,
    lat: 27.56 - i * 0.003,
    description: `worker socket test ${id}`,
  });
  const post = (events: unknown[]) =>
    server.fetch('/api/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(events),
    });

  /** A page that notes the WebSockets its main thread opens and the URLs it fetches (a worker's are not noted). */
  const countingPage = async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.addInitScript(() => {
      const Native = window.WebSocket;
      const nativeFetch = window.fetch;
      const noted = window as unknown as { pageSockets: string[]; pageFetches: string[] };
      noted.pageSockets = [];
      noted.pageFetches = [];
      window.WebSocket = class extends Native {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols);
          noted.pageSockets.push(String(url));
        }
      };
      window.fetch = (input, init) => {
        noted.pageFetches.push(input instanceof Request ? input.url : String(input));
        return nativeFetch(input, init);
      };
    });
    return page;
  };
  const pageSockets = (page: Page) =>
    page.evaluate(() => (window as unknown as { pageSockets: string[] }).pageSockets);
  const pageFetches = (page: Page) =>
    page.evaluate(() => (window as unknown as { pageFetches: string[] }).pageFetches);
  const mapDrawn = (page: Page) =>
    page.waitForFunction(() => (window.__cityBrain?.frames ?? 0) > 0, undefined, { timeout: 60_000 });

  beforeAll(async () => {
    server = await startTestServer({ SIM: 'off' });
    expect((await post([0, 1, 2].map((i) => report(`sw-${i}`, i)))).status).toBe(202);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('takes the snapshot and live batches through a worker, and its page opens no WebSocket', async () => {
    const page = await countingPage();
    const errors = collectErrors(page);
    await page.goto(`${server.url}/wall?token=${server.tokens.wall}`);
    await page.waitForFunction(() => window.__cityBrain?.openCount() === 3, undefined, { timeout: 60_000 });
    expect(page.workers().map((w) => w.url())).toEqual(
      expect.arrayContaining([expect.stringMatching(/\/assets\/websocket-worker-[\w-]+\.js$/)]),
    );
    // A batch after the snapshot arrives the same way.
    expect((await post([report('sw-3', 3)])).status).toBe(202);
    await page.waitForFunction(() => window.__cityBrain?.openCount() === 4, undefined, { timeout: 20_000 });
    expect(await pageSockets(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("opens its socket and asks for its city data from the page's head; the page takes both over: one of each", async () => {
    const page = await countingPage();
    const errors = collectErrors(page);
    // Playwright reports the WebSockets of a page's workers with the page's own.
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    // And its requests: the city data asked for from the head is the page's, not asked for again.
    const topologies: string[] = [];
    page.on('request', (req) => {
      if (req.url().includes('/api/grids/topology')) topologies.push(req.url());
    });
    await page.goto(`${server.url}/wall?token=${server.tokens.wall}`);
    await page.waitForFunction(() => (window.__cityBrain?.openCount() ?? 0) >= 3, undefined, {
      timeout: 60_000,
    });
    const marks = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => m.name));
    expect(marks).toEqual(expect.arrayContaining(['live:socket-worker-start', 'live:socket-adopted']));
    expect(sockets).toEqual([expect.stringContaining('/socket.io/?EIO=4&transport=websocket')]);
    // Live after the adoption: a new report arrives through it.
    const open = await page.evaluate(() => window.__cityBrain!.openCount());
    expect((await post([report(`sw-early-${open}`, 5)])).status).toBe(202);
    await page.waitForFunction((n) => window.__cityBrain?.openCount() === n + 1, open, { timeout: 20_000 });
    expect(sockets).toHaveLength(1);
    await mapDrawn(page);
    expect(topologies).toHaveLength(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('draws the grids fetched and decoded by a worker: its page fetches no geometry', async () => {
    const page = await countingPage();
    const errors = collectErrors(page);
    await page.goto(`${server.url}/wall?token=${server.tokens.wall}`);
    await mapDrawn(page);
    const fetched = await pageFetches(page);
    expect(fetched.length).toBeGreaterThan(0); // the page's own calls (today's figures, …) are noted
    expect(fetched.filter((url) => /\/api\/(grids\/topology|basemap|city)\b/.test(url))).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('fetches the city data itself when the worker cannot be loaded', async () => {
    const page = await countingPage();
    await page.route(/\/assets\/city-data-worker-[\w-]+\.js$/, (route) => route.fulfill({ status: 404 }));
    await page.goto(`${server.url}/wall?token=${server.tokens.wall}`);
    await mapDrawn(page);
    expect(await pageFetches(page)).toEqual(expect.arrayContaining(['/api/grids/topology']));
    await page.close();
  });

  it('falls back to the page’s own WebSocket when the worker cannot be loaded', async () => {
    const page = await countingPage();
    await page.route(/\/assets\/websocket-worker-[\w-]+\.js$/, (route) => route.fulfill({ status: 404 }));
    await page.goto(`${server.url}/wall?token=${server.tokens.wall}`);
    // The snapshot: the reports posted by the tests before this one.
    await page.waitForFunction(() => (window.__cityBrain?.openCount() ?? 0) >= 5, undefined, {
      timeout: 60_000,
    });
    expect(await pageSockets(page)).toEqual([expect.stringContaining('/socket.io/')]);
    const open = await page.evaluate(() => window.__cityBrain!.openCount());
    expect((await post([report('sw-4', 4)])).status).toBe(202);
    await page.waitForFunction((n) => window.__cityBrain?.openCount() === n + 1, open, { timeout: 20_000 });
    await page.close();
  });
});
