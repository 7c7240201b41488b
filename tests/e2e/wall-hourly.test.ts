import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { collectErrors, launchBrowser, saveScreenshot } from '../helpers/browser';
import { adminPasswordOf, signIn, tempDataDir } from '../helpers/test-server';

/**
 * The wall's event column (reports per hour today by category against yesterday), its alert sound
 * and its English chrome. The server runs on a clock set to 2026-03-11 10:30 in Shanghai, moved back
 * while the fixture events are reported, so that "yesterday" holds known reports.
 */
const NOW = Date.parse('2026-03-11T10:30:00+08:00');
let manual: number | null = null;
let offset = 0;
const clock = { now: () => manual ?? Date.now() + offset };

/** Reported at these Shanghai times (id prefix, category, how many). */
const FIXTURE: [string, string, 'urban' | 'environment' | 'livelihood', number][] = [
  ['2026-03-10T09:10:00+08:00', 'y09', 'urban', 3],
  ['2026-03-10T09:10:00+08:00', 'y09e', 'environment', 2],
  ['2026-03-10T23:40:00+08:00', 'y23', 'livelihood', 1],
  // 00:20 in Shanghai is still the 10th in UTC: it must count as today.
  ['2026-03-11T00:20:00+08:00', 't00', 'urban', 2],
  ['2026-03-11T10:05:00+08:00', 't10e', 'environment', 1],
  ['2026-03-11T10:05:00+08:00', 't10', 'urban', 1],
];
const SUBCATEGORY = { urban: 'street-order', environment: 'garbage', livelihood: 'elderly' };
const CJK = /[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]/;

describe('/wall event column, alert sound and English chrome', () => {
  let app: FastifyInstance;
  let dataDir: string;
  let url: string;
  let admin: string;
  let browser: Browser;
  const pages: { page: Page; errors: string[] }[] = [];

  const openWall = async (query: string) => {
    // A browser in another zone than the city's: the wall's hours must still be Shanghai's.
    const page = await browser.newPage({
      viewport: { width: 1920, height: 1080 },
      timezoneId: 'America/Los_Angeles',
    });
    const errors = collectErrors(page);
    pages.push({ page, errors });
    await page.goto(`${url}/wall?token=${app.ctx.bootstrap.wallToken}&tour=off${query}`);
    await page.waitForFunction(() => (window.__cityBrain?.frames ?? 0) > 0, undefined, { timeout: 60_000 });
    return page;
  };
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    await res.arrayBuffer();
    return res.status;
  };

  beforeAll(async () => {
    dataDir = tempDataDir();
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
      SIM: 'off',
    });
    manual = NOW;
    app = await buildApp(config, { clock });
    await app.listen({ host: config.host, port: 0 });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('server has no port');
    url = `http://127.0.0.1:${address.port}`;
    admin = await signIn(url, 'admin', adminPasswordOf(dataDir));
    for (const [at, prefix, category, n] of FIXTURE) {
      manual = Date.parse(at);
      const events = Array.from({ length: n }, (_, i) => ({
        id: `${prefix}-${i}`,
        source: 'grid-worker',
        category,
        subcategory: SUBCATEGORY[category],
        lon: 120.56 + i * 0.002,
        lat: 27.53,
        description: `${prefix} ${i}`,
      }));
      expect(await post('/api/events', events)).toBe(202);
    }
    // From here on the clock runs in real time, from 10:30 on the 11th.
    offset = NOW - Date.now();
    manual = null;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('draws reports per hour: today as columns by category, yesterday as a line, in Shanghai hours', async () => {
    const page = await openWall('&sound=1');
    await page.locator('[data-testid=hourly-chart]').waitFor({ timeout: 20_000 });
    expect(await page.textContent('[data-testid=hourly-today-total]')).toBe('4');
    // Yesterday up to 10:30: the five reports of 09:10, not the one of 23:40.
    expect(await page.textContent('[data-testid=hourly-yesterday-total]')).toBe('5');
    expect(await page.textContent('[data-testid=hourly-delta]')).toBe('▼1');
    const columns = (category: string) =>
      page.locator(`[data-testid=hourly-today] g[data-category=${category}] rect`).count();
    expect(await columns('urban')).toBe(2); // 00:00 and 10:00
    expect(await columns('environment')).toBe(1); // 10:00
    expect(await columns('livelihood')).toBe(0); // only yesterday
    const yesterday = page.locator('[data-testid=hourly-yesterday]');
    expect(await yesterday.getAttribute('data-total')).toBe('6');
    expect(await yesterday.getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+L/);
    // The 00:00 column stands at the left edge, the 10:00 one left of the middle: Shanghai hours.
    const x = async (category: string) =>
      Promise.all(
        (await page.locator(`[data-testid=hourly-today] g[data-category=${category}] rect`).all()).map(
          async (r) => Number(await r.getAttribute('x')),
        ),
      );
    const urbanX = (await x('urban')).sort((a, b) => a - b);
    const [envX] = await x('environment');
    expect(urbanX[1]).toBe(envX);
    expect(urbanX[0]!).toBeLessThan(urbanX[1]! / 5);
    expect(await page.evaluate(() => new Date().getTimezoneOffset())).not.toBe(-480);
    const row = (category: string) =>
      page.textContent(`[data-testid=category-compare] g[data-category=${category}]`);
    expect((await row('urban'))?.replace(/\s+/g, '')).toBe('城市管理3/3');
    expect((await row('environment'))?.replace(/\s+/g, '')).toBe('环境整治1/2');
    expect((await row('livelihood'))?.replace(/\s+/g, '')).toBe('民生服务0/0'); // its one report came at 23:40
    await saveScreenshot(page, 'wall-hourly-1920');
  });

  it('rings a new red alert with ?sound=1, not without it, and not for alerts already up at load', async () => {
    const loud = pages[0]!.page;
    const quiet = await openWall('');
    const sound = (p: Page) => p.evaluate(() => window.__cityBrain?.sound);
    expect(await sound(loud)).toMatchObject({ enabled: true, played: { red: 0, orange: 0 } });
    expect(await sound(quiet)).toMatchObject({ enabled: false, played: { red: 0, orange: 0 } });
    expect(await post('/api/key-areas/K003/readings', { kind: 'crowd', value: 3200 })).toBe(202);
    await expect.poll(async () => (await sound(loud))?.played.red, { timeout: 15_000 }).toBe(1);
    await quiet.locator('[data-testid=alert-item]').first().waitFor({ timeout: 15_000 });
    expect((await sound(quiet))?.played).toEqual({ red: 0, orange: 0 });
    // A wall that loads (or the watchdog reloads) with the alert already up stays silent.
    const later = await openWall('&sound=1');
    await later.locator('[data-testid=alert-item]').first().waitFor({ timeout: 15_000 });
    expect(await sound(later)).toMatchObject({ enabled: true, played: { red: 0, orange: 0 } });
    // Software WebGL on shared cores: close the walls before opening the next.
    for (const p of [loud, quiet, later]) await p.close();
  });

  it('shows no Chinese in its chrome in English (data such as grid names and alert titles may stay)', async () => {
    const page = await openWall('&lang=en');
    await page.locator('[data-testid=hourly-chart]').waitFor({ timeout: 20_000 });
    await page.locator('[data-testid=alert-item]').first().waitFor({ timeout: 15_000 });
    await page.locator('[data-testid=evaluation-board]').waitFor({ timeout: 15_000 });
    const chrome = [
      '.status-header .title',
      '.status-header .kpis',
      '.status-header .status',
      '[data-testid=kpi-strip]',
      '.events-panel h2',
      '.events-panel h3',
      '.events-panel .panel-kpi-label',
      '[data-testid=category-compare] .chart-label',
      '.traffic-panel h2',
      '.traffic-panel h3',
      '.traffic-panel .panel-kpi-label',
      '.duty-board h2',
      '.duty-board .duty-role',
      '.duty-empty',
      '.evaluation-board h2',
      '[data-testid=map-legend]',
      '.alert-ticker h2',
      '.alert-level',
      '.alert-meta',
    ];
    for (const selector of chrome) {
      const texts = await page.locator(selector).allTextContents();
      for (const text of texts) expect(text, selector).not.toMatch(CJK);
    }
    expect((await page.locator('[data-testid=events-panel] h2').textContent())?.trim()).toBe('Events');
    const labels = await page
      .locator('svg[aria-label]')
      .evaluateAll((svgs) => svgs.map((s) => s.getAttribute('aria-label') ?? ''));
    expect(labels.length).toBeGreaterThan(0);
    for (const label of labels) expect(label).not.toMatch(CJK);
    await saveScreenshot(page, 'wall-hourly-en-1920');
  });

  it('raised no console errors', () => {
    for (const { errors } of pages) expect(errors, errors.join('\n')).toEqual([]);
  });
});
