import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectErrors, launchBrowser, saveScreenshot } from '../helpers/browser';
import { chineseInChrome } from '../helpers/i18n';
import { adminPasswordOf, startTestServer, type TestServer } from '../helpers/test-server';

/** Inside 老城片区: where the phone says it is. */
const HERE = { longitude: 120.56951, latitude: 27.53351 };

describe('/report on a phone in headless Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  const stored = async (id: string) => (await server.fetch(`/api/events/${id}`)).status === 200;
  const fillReport = async (description: string) => {
    await page.selectOption('select[name=category]', 'urban');
    await page.selectOption('select[name=subcategory]', 'street-order');
    await page.click('button.locate');
    await expect.poll(() => page.textContent('[data-testid=picked-location]')).toContain('120.56951');
    await page.fill('textarea[name=description]', description);
    await page.click('button.submit');
  };
  const idOf = async (description: string) =>
    page.getAttribute(`.outbox-item:has(.desc:text-is("${description}"))`, 'data-report-id');

  beforeAll(async () => {
    server = await startTestServer({ SIM: 'off' });
    browser = await launchBrowser();
    context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 1,
      hasTouch: true,
      geolocation: HERE,
      permissions: ['geolocation'],
    });
    page = await context.newPage();
    errors = collectErrors(page);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('asks a grid worker to sign in, in Chinese', async () => {
    await page.goto(`${server.url}/report`);
    await expect.poll(() => page.textContent('h1')).toContain('网格员上报');
    expect(await page.textContent('.login-form h1')).toContain('网格员登录');
    // The anonymous /api/auth/me probe is not an error; the browser logs nothing for it.
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', adminPasswordOf(server.config.dataDir));
    await page.click('.login-form button[type=submit]');
    await page.waitForSelector('select[name=category]');
    expect(await page.textContent('select[name=category]')).toContain('城市管理');
  });

  it('submits a report with the phone position; the server stores it as a grid worker report', async () => {
    await fillReport('镇前路 占道经营 现场上报');
    await expect.poll(() => page.getAttribute('[data-testid=outbox-count]', 'data-pending')).toBe('0');
    const id = await idOf('镇前路 占道经营 现场上报');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const res = await server.fetch(`/api/events/${id}`);
    const { event } = (await res.json()) as { event: { source: string; grid: unknown; lon: number } };
    expect(event).toMatchObject({ source: 'grid-worker', lon: HERE.longitude });
    expect(event.grid).not.toBeNull();
    await page.locator('[data-testid=outbox]').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'report-delivered');
  });

  it('keeps a report made offline, shows it pending, and delivers it when the network is back', async () => {
    await context.setOffline(true);
    await fillReport('离线时上报的垃圾堆放');
    await expect.poll(() => page.getAttribute('[data-testid=outbox-count]', 'data-pending')).toBe('1');
    expect(await page.textContent('[data-testid=outbox-count]')).toContain('待发送 1 条');
    await page.waitForSelector('[data-testid=offline-note]');
    const id = await idOf('离线时上报的垃圾堆放');
    expect(id).toBeTruthy();
    // Saved on the phone before any attempt: a reload while offline would not lose it.
    expect(await page.evaluate(() => localStorage.getItem('citybrain.report-outbox'))).toContain(id);
    expect(await stored(id!)).toBe(false);
    await page.locator('[data-testid=outbox]').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'report-offline-pending');

    await context.setOffline(false);
    await expect
      .poll(() => page.getAttribute('[data-testid=outbox-count]', 'data-pending'), { timeout: 20_000 })
      .toBe('0');
    expect(await stored(id!)).toBe(true);
    expect(await page.getAttribute(`[data-report-id="${id}"]`, 'data-state')).toBe('delivered');
  });

  it('switches to English with its button: no Chinese left in its words, only in the reports', async () => {
    await page.click('[data-testid=lang-switch]');
    await expect.poll(() => page.textContent('h1')).toBe('Field report');
    expect(await page.textContent('select[name=category]')).toContain('Urban');
    expect(await page.textContent('[data-testid=outbox-count]')).toBe('All delivered');
    expect(await chineseInChrome(page, '.report-page')).toEqual([]);
    await saveScreenshot(page, 'report-en');
    // Kept for the next visit, until switched back.
    await page.reload();
    await expect.poll(() => page.textContent('h1')).toBe('Field report');
    await page.click('[data-testid=lang-switch]');
    await expect.poll(() => page.textContent('h1')).toBe('网格员上报');
  });

  it('raised no console errors other than the offline attempts', () => {
    const real = errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|401/.test(e));
    expect(real, real.join('\n')).toEqual([]);
  });
});
