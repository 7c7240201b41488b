import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, saveScreenshot } from '../helpers/browser';
import { type RestartableServer, startRestartableServer } from '../helpers/restartable-server';

describe('/wall through a server restart', () => {
  let server: RestartableServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startRestartableServer({ SIM: 'off' });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(`${server.url}/wall?token=${server.tokens.wall}`);
    await page.waitForFunction(() => (window.__cityBrain?.frames ?? 0) > 0, undefined, { timeout: 60_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('is live with no banner while the server runs', async () => {
    await expect
      .poll(() => page.textContent('[data-testid=connection]'), { timeout: 15_000 })
      .toContain('实时');
    expect(await page.locator('[data-testid=stale-banner]').count()).toBe(0);
  });

  it('shows the stale banner when the server goes away', async () => {
    await server.stop();
    await page.waitForSelector('[data-testid=stale-banner]', { timeout: 15_000 });
    expect(await page.textContent('[data-testid=connection]')).toContain('离线');
    await saveScreenshot(page, 'wall-stale');
  });

  it('clears it when a new server comes up on the same port and DATA_DIR, keeping the display token', async () => {
    await server.start();
    // Socket.IO retries at most every 5 s; the display token, kept in localStorage, still authenticates.
    await page.waitForSelector('[data-testid=stale-banner]', { state: 'detached', timeout: 30_000 });
    expect(await page.textContent('[data-testid=connection]')).toContain('实时');
    expect(page.url()).not.toContain('token=');
  });
});
