import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectErrors,
  collectExternalRequests,
  launchBrowser,
  regionStats,
  saveScreenshot,
} from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/test-server';

describe('/wall in headless Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let external: string[];

  beforeAll(async () => {
    server = await startTestServer({ SIM_EVENTS_PER_DAY: '1000000' });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    errors = collectErrors(page);
    external = collectExternalRequests(page);
    await page.goto(`${server.url}/wall?token=${server.tokens.wall}`);
    await page.waitForFunction(
      () => (window.__cityBrain?.frames ?? 0) > 0 && window.__cityBrain?.mapReady,
      undefined,
      {
        timeout: 60_000,
      },
    );
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('draws the map in a WebGL2 canvas, with no blank centre', async () => {
    const hasWebgl2 = await page.evaluate(() =>
      [...document.querySelectorAll('canvas')].some((c) => {
        try {
          return c.getContext('webgl2') !== null;
        } catch {
          return false;
        }
      }),
    );
    expect(hasWebgl2).toBe(true);
    // The base map's sources finish drawing a few frames after the first one: poll the picture itself.
    // A blank or single-colour map stays one colour; land, water, roads and grid lines make many.
    await expect
      .poll(
        async () => {
          const png = await saveScreenshot(page, 'wall');
          return regionStats(page, png, { x: 440, y: 300, width: 400, height: 300 });
        },
        { timeout: 30_000, interval: 500 },
      )
      .toMatchObject({
        distinctColours: expect.toSatisfy((n: number) => n > 8),
        dominantShare: expect.toSatisfy((s: number) => s < 0.9),
      });
  });

  it('shows Chinese text and the live connection state', async () => {
    await expect
      .poll(() => page.textContent('[data-testid="connection"]'), { timeout: 10_000 })
      .toContain('实时');
    expect(await page.textContent('h1')).toContain('龙港');
  });

  it('counts live events arriving from the server within a few seconds', async () => {
    const read = async () =>
      Number((await page.textContent('[data-testid="live-count"]'))?.replace(/\D/g, '') ?? 0);
    const before = await read();
    await expect.poll(read, { timeout: 15_000, interval: 250 }).toBeGreaterThan(before);
    expect(await page.evaluate(() => window.__cityBrain?.liveCount() ?? 0)).toBeGreaterThan(0);
  });

  it('raised no console errors and made no request off this machine', () => {
    expect(errors, errors.join('\n')).toEqual([]);
    expect(external).toEqual([]);
  });
});
