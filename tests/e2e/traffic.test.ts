import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRAFFIC_LEVELS } from '../../shared/traffic/speed-bands';
import { collectErrors, launchBrowser, saveScreenshot } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/test-server';

/** Share of a region's pixels within a small distance of any traffic level colour. */
async function trafficPixelShare(
  page: Page,
  png: Buffer,
  region: { x: number; y: number; width: number; height: number },
) {
  return page.evaluate(
    async ({ b64, region, colours }) => {
      const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
      const canvas = new OffscreenCanvas(region.width, region.height);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(
        bitmap,
        region.x,
        region.y,
        region.width,
        region.height,
        0,
        0,
        region.width,
        region.height,
      );
      const { data } = ctx.getImageData(0, 0, region.width, region.height);
      let hits = 0;
      for (let i = 0; i < data.length; i += 4) {
        const near = colours.some(
          ([r, g, b]) =>
            Math.abs(data[i]! - r) + Math.abs(data[i + 1]! - g) + Math.abs(data[i + 2]! - b) < 40,
        );
        if (near) hits++;
      }
      return hits / (data.length / 4);
    },
    { b64: png.toString('base64'), region, colours: TRAFFIC_LEVELS.map((l) => l.color) },
  );
}

describe('/wall traffic layer and charts in headless Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    server = await startTestServer({ SIM_EVENTS_PER_DAY: '20000' });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    errors = collectErrors(page);
    await page.goto(`${server.url}/wall?token=${server.tokens.wall}`);
    await page.waitForFunction(
      () => window.__cityBrain?.mapReady && (window.__cityBrainTraffic?.knownSegments() ?? 0) > 0,
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

  it('colours the roads by level from binary frames, recolouring without repacking the paths', async () => {
    const first = await page.evaluate(() => window.__cityBrainTraffic!.frameVersion()!);
    await page.waitForFunction((v) => (window.__cityBrainTraffic!.frameVersion() ?? 0) > v, first, {
      timeout: 30_000,
    });
    const stats = await page.evaluate(() => ({ ...window.__cityBrainTraffic!.overlay }));
    expect(stats.pathBuilds).toBe(1);
    expect(stats.recolours).toBeGreaterThanOrEqual(2);
    // The map area (left of the panel) shows road pixels in the level colours.
    await expect
      .poll(
        async () =>
          trafficPixelShare(page, await saveScreenshot(page, 'wall-traffic'), {
            x: 100,
            y: 150,
            width: 900,
            height: 650,
          }),
        { timeout: 30_000, interval: 1000 },
      )
      .toBeGreaterThan(0.01);
  });

  it('shows the city TPI and the three charts with Chinese text', async () => {
    const panel = page.locator('[data-testid="traffic-panel"]');
    await expect.poll(() => panel.textContent(), { timeout: 20_000 }).toContain('全市拥堵指数');
    const text = (await panel.textContent()) ?? '';
    for (const words of [
      '近24小时拥堵指数',
      '上周同期',
      '片区拥堵排名',
      '各片区停车占用率',
      '模拟数据',
      '老城',
    ]) {
      expect(text).toContain(words);
    }
    expect(await page.textContent('[data-testid="city-tpi"]')).toMatch(/^\d+\.\d$/);
    await expect
      .poll(() => page.locator('[data-testid="tpi-line"]').getAttribute('d'), { timeout: 30_000 })
      .toMatch(/^M/);
    expect(await page.locator('.traffic-panel svg.chart').count()).toBe(3);
    await saveScreenshot(page, 'wall-traffic');
  });

  it('raised no console errors', () => {
    expect(errors, errors.join('\n')).toEqual([]);
  });
});
