import type { Browser, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectErrors, launchBrowser } from '../helpers/browser';
import { mapInstances, WALL_MAP_INSTANCES } from '../helpers/map-instances';
import { TcpProxy } from '../helpers/tcp-proxy';
import { startTestServer, type TestServer } from '../helpers/test-server';

/** The wall keeps exactly one deck.gl Deck and one MapLibre Map, through a lost and regained connection. */
describe('/wall map instances', () => {
  let server: TestServer;
  let proxy: TcpProxy;
  let browser: Browser;
  let page: Page;
  let cdp: CDPSession;
  let errors: string[];

  const live = () =>
    page.waitForFunction(
      () => document.querySelector('[data-testid="connection"]')?.textContent?.includes('实时'),
      undefined,
      { timeout: 30_000 },
    );

  beforeAll(async () => {
    server = await startTestServer({ SIM_EVENTS_PER_DAY: '1000000' });
    proxy = new TcpProxy('127.0.0.1', Number(new URL(server.url).port));
    await proxy.start();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    errors = collectErrors(page);
    cdp = await page.context().newCDPSession(page);
    await page.goto(`http://127.0.0.1:${proxy.port}/wall?token=${server.tokens.wall}`);
    await page.waitForFunction(() => window.__cityBrain?.mapReady === true, undefined, { timeout: 60_000 });
    await live();
  });
  afterAll(async () => {
    await browser?.close();
    await proxy?.stop();
    await server?.close();
  });

  it('holds its one map (a Map, the live and the static Deck) once drawn', async () => {
    expect(await mapInstances(cdp)).toEqual(WALL_MAP_INSTANCES);
  });

  it('still holds just those after the connection drops and the store resyncs', async () => {
    await proxy.cut();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="connection"]')?.textContent?.includes('离线'),
      undefined,
      { timeout: 15_000 },
    );
    await proxy.restore();
    await live();
    // Live events flow again and are drawn after the resync.
    const frames = await page.evaluate(() => window.__cityBrain!.frames);
    await page.waitForFunction((f) => window.__cityBrain!.frames > f, frames, { timeout: 30_000 });
    expect(await mapInstances(cdp)).toEqual(WALL_MAP_INSTANCES);
    expect(errors, errors.join('\n')).toEqual([]);
  });
});
