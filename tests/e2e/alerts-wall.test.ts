import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectErrors, launchBrowser, saveScreenshot } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/test-server';

async function openWall(
  server: TestServer,
  browser: Browser,
  query = '',
): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = collectErrors(page);
  await page.goto(`${server.url}/wall?token=${server.tokens.wall}${query}`);
  await page.waitForFunction(
    () => (window.__cityBrain?.frames ?? 0) > 0 && window.__cityBrain?.mapReady,
    undefined,
    {
      timeout: 60_000,
    },
  );
  return { page, errors };
}

describe('alerts on /wall in headless Chromium', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer({ SIM: 'off' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows a red alert in the ticker as soon as it is raised, and draws risk without errors', async () => {
    const { page, errors } = await openWall(server, browser);
    expect(await page.locator('[data-testid=alert-ticker]').count()).toBe(0);
    const res = await server.fetch('/api/key-areas/K003/readings', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'crowd', value: 3200 }),
    });
    expect(res.status).toBe(202);
    const item = page.locator('[data-testid=alert-item]').first();
    await item.waitFor({ timeout: 15_000 });
    expect(await item.textContent()).toContain('红色 I');
    expect(await item.textContent()).toContain('龙港客运中心人员聚集预警');
    // The first risk update (every few seconds) draws the heat map; nothing may throw.
    await page.waitForTimeout(6000);
    await saveScreenshot(page, 'wall-alerts');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('draws risk as a choropleth of micro-grids on request', async () => {
    const { page, errors } = await openWall(server, browser, '&risk=grid');
    await page.locator('[data-testid=alert-item]').first().waitFor({ timeout: 15_000 });
    await page.waitForTimeout(6000);
    await saveScreenshot(page, 'wall-risk-grid');
    expect(errors).toEqual([]);
    await page.close();
  });
});
