import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectErrors, launchBrowser, saveScreenshot } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/test-server';

const post = (server: TestServer, path: string, body: unknown) =>
  server.fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('/wall KPI strip, legend, auto-tour and English switch', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const wallUrl = (query = '') => `${server.url}/wall?token=${server.tokens.wall}${query}`;
  const waitForMap = (p: Page) =>
    p.waitForFunction(() => (window.__cityBrain?.frames ?? 0) > 0, undefined, { timeout: 60_000 });

  beforeAll(async () => {
    server = await startTestServer({ SIM: 'off' });
    const events = Array.from({ length: 6 }, (_, i) => ({
      id: `k-${i}`,
      source: 'grid-worker',
      category: i % 2 ? 'urban' : 'environment',
      subcategory: i % 2 ? 'street-order' : 'garbage',
      lon: 120.55 + i * 0.005,
      lat: 27.56 - i * 0.004,
      description: `KPI 测试 ${i}`,
    }));
    expect((await post(server, '/api/events', events)).status).toBe(202);
    for (const action of ['accept', 'register', 'dispatch', 'start', 'handle', 'verify', 'close'])
      expect(
        (
          await post(server, '/api/events/k-0/actions', {
            action,
            assignee: 'team-1',
            note: 'test: a fixed team',
          })
        ).status,
      ).toBe(200);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    errors = collectErrors(page);
    await page.goto(wallUrl('&tourHoldS=3&tourCityHoldS=3'));
    await waitForMap(page);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("shows today's figures in the KPI strip", async () => {
    const text = (id: string) => page.textContent(`[data-testid=kpi-${id}]`);
    await expect.poll(() => text('reported-today'), { timeout: 20_000 }).toBe('6');
    await expect.poll(() => text('open'), { timeout: 20_000 }).toBe('5');
    expect(await text('closure-rate')).toBe('16.7%');
    expect(await text('avg-handling')).toMatch(/^\d+(\.\d)?分钟$/);
    expect(await page.textContent('[data-testid=kpi-strip]')).toContain('今日上报');
  });

  it('shows a legend of categories, deadlines and grid levels', async () => {
    const legend = await page.textContent('[data-testid=map-legend]');
    for (const word of ['城市管理', '应急', '超期', '临期', '片区', '微网格']) expect(legend).toContain(word);
  });

  it('tours the districts on its own, names each big, and yields to an interruption', async () => {
    const stop = () => page.evaluate(() => window.__cityBrain?.tour?.stop);
    await expect.poll(stop, { timeout: 15_000 }).toBe('D01');
    await expect.poll(() => page.getAttribute('[data-testid=tour-label]', 'data-stop')).toBe('D01');
    expect(await page.textContent('[data-testid=tour-label]')).toBe('老城片区');
    await saveScreenshot(page, 'wall-tour-1920');
    await expect.poll(stop, { timeout: 15_000 }).toBe('D02');
    await page.evaluate(() =>
      window.__cityBrain?.tour?.interrupt([120.55, 27.5, 120.6, 27.55], 60_000, '红色预警'),
    );
    await expect.poll(stop).toBe('interruption');
    expect(await page.textContent('[data-testid=tour-label]')).toBe('红色预警');
  });

  it('switches to English with ?lang=en, and scales to a 4K wall', async () => {
    const en = await browser.newPage({ viewport: { width: 3840, height: 2160 } });
    const enErrors = collectErrors(en);
    await en.goto(wallUrl('&lang=en&tour=off'));
    await waitForMap(en);
    await expect.poll(() => en.textContent('h1')).toBe('Longgang City Brain');
    await expect
      .poll(() => en.textContent('[data-testid=connection]'), { timeout: 15_000 })
      .toContain('Live');
    expect(await en.textContent('.status-header')).toContain('Open events');
    expect(await en.textContent('[data-testid=kpi-strip]')).toContain('Reported today');
    expect(await en.evaluate(() => window.__cityBrain?.tour?.stop)).toBe('off');
    const size = (p: Page) =>
      p.$eval('[data-testid=kpi-reported-today]', (el) => Number.parseFloat(getComputedStyle(el).fontSize));
    // vw-based type: twice the width, twice the size.
    expect((await size(en)) / (await size(page))).toBeCloseTo(2, 1);
    await expect
      .poll(() => en.textContent('[data-testid=kpi-reported-today]'), { timeout: 20_000 })
      .toBe('6');
    await saveScreenshot(en, 'wall-en-4k');
    expect(enErrors, enErrors.join('\n')).toEqual([]);
    await en.close();
  });

  it('raised no console errors', () => {
    expect(errors, errors.join('\n')).toEqual([]);
  });
});
