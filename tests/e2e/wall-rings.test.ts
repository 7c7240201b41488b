import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SLA_RING } from '../../client/map/layers/event-style';
import { encodeSnapshot } from '../../shared/snapshot-columns';
import { makeEvent } from '../fixtures/events';
import { collectErrors, launchBrowser } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/test-server';

/**
 * Deadlines pass with time, not with batches: the wall's clock sweeps the points' rings
 * (client/map/live-points.ts `followClock`), and the map draws them, with nothing arriving.
 */
describe('/wall rings follow the clock', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    server = await startTestServer({ SIM: 'off' });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    errors = collectErrors(page);
    await page.goto(`${server.url}/wall?token=${server.tokens.wall}`);
    await page.waitForFunction(() => (window.__cityBrain?.frames ?? 0) > 0, undefined, { timeout: 60_000 });
    // Live: the server's own snapshot is in, so the one fed below is not replaced by it.
    await page.waitForFunction(
      () => document.querySelector('[data-testid="connection"]')?.textContent?.includes('实时'),
      undefined,
      { timeout: 15_000 },
    );
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('turns a point red once its deadline passes, drawn without a batch', async () => {
    // One dispatched event, near its deadline now and overdue in 4 s of server time. Its snapshot's
    // seq is far ahead of the server's, so nothing the server sends replaces it; the server's
    // heartbeats still carry its clock.
    const at = Date.now();
    const event = makeEvent('ring-1', {
      status: 'dispatched',
      occurredAt: at - 60_000,
      receivedAt: at - 60_000,
      updatedAt: at - 50_000,
      dispatchedAt: at - 50_000,
      dueAt: at + 4_000,
    });
    const columns = JSON.parse(JSON.stringify(encodeSnapshot({ seq: 1e9, at, events: [event] })));
    await page.evaluate((c) => window.__cityBrain!.feed.snapshotColumns(c), columns);
    expect(await page.evaluate(() => window.__cityBrain!.pointRingWidth(0))).toBe(SLA_RING.near.width);
    // The sweep runs on the clock's tick once a 10 s tick of server time has passed: at most ~11 s.
    await page.waitForFunction(
      (overdue) => window.__cityBrain!.pointRingWidth(0) === overdue,
      SLA_RING.overdue.width,
      { timeout: 20_000, polling: 200 },
    );
    const version = await page.evaluate(() => window.__cityBrain!.pointsVersion());
    await page.waitForFunction((v) => window.__cityBrain!.drawnPoints >= v, version, { timeout: 10_000 });
    expect(await page.evaluate(() => window.__cityBrain!.liveCount())).toBe(0);
    expect(errors).toEqual([]);
  }, 60_000);
});
