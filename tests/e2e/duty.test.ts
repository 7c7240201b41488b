import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectErrors, launchBrowser, saveScreenshot } from '../helpers/browser';
import { adminPasswordOf, startTestServer, type TestServer } from '../helpers/test-server';

/** "YYYY-MM-DD HH:mm" in Longgang. */
const local = (at: number) => new Date(at + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
const H = 3_600_000;

describe('who answers, in headless Chromium: routing, plans, roster and evaluation', () => {
  let server: TestServer;
  let browser: Browser;
  let console: Page;
  let wall: Page;
  let errors: string[];
  const send = (method: string, url: string, body: unknown) =>
    server.fetch(url, {
      method,
      headers: { 'content-type': typeof body === 'string' ? 'text/csv' : 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const keyPerson = (id: string, lon: number) => ({
    id,
    source: 'grid-worker',
    category: 'stability',
    subcategory: 'petition',
    lon,
    lat: 27.575,
    description: '重点人员上访',
    keyPerson: true,
  });

  beforeAll(async () => {
    server = await startTestServer({ SIM: 'off' });
    const events = Array.from({ length: 27 }, (_, i) => ({
      id: `d-${i}`,
      source: 'hotline-12345',
      category: i % 3 ? 'urban' : 'environment',
      subcategory: i % 3 ? 'street-order' : 'garbage',
      lon: 120.48 + (i % 9) * 0.018,
      lat: 27.58 - Math.floor(i / 9) * 0.03,
      description: `考核测试事件 ${i}`,
    }));
    await send('POST', '/api/events', events);
    // Close some events in every district and leave others open, so the ranking has something to rank.
    for (const [i] of events.entries()) {
      const steps = ['accept', 'register', 'dispatch', 'start', 'handle', 'verify', 'close'].slice(
        0,
        2 + (i % 6),
      );
      for (const action of steps)
        await send('POST', `/api/events/d-${i}/actions`, {
          action,
          ...(action === 'dispatch' ? { assignee: 'team:x' } : {}),
        });
    }
    const now = Date.now();
    const roster = [
      'scope,role,name,phone,start,end',
      `city,leader,陈建国,13812345678,${local(now - 2 * H)},${local(now + 6 * H)}`,
      `city,officer,张敏,13700002222,${local(now - 2 * H)},${local(now + 6 * H)}`,
      ...['D01', 'D02', 'D03', 'D04', 'D05', 'D06'].map(
        (d, i) =>
          `${d},leader,${['王伟', '林芳', '黄强', '周杰', '吴霞', '郑东'][i]},1390000111${i},${local(now - H)},${local(now + H)}`,
      ),
    ].join('\n');
    expect((await send('POST', '/api/roster/import', roster)).status).toBe(200);
    await send('POST', '/api/events', keyPerson('kp-1', 120.5489));
    browser = await launchBrowser();
    wall = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await wall.goto(`${server.url}/wall?token=${server.tokens.wall}`);
    console = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    errors = collectErrors(console);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the duty leaders, the district ranking and the plan progress beside the alert on the wall', async () => {
    await wall.waitForSelector('[data-testid=duty-board] .duty-name', { timeout: 30_000 });
    expect(await wall.textContent('[data-testid=duty-board]')).toContain('陈建国');
    expect(await wall.textContent('[data-testid=duty-board]')).toContain('138****5678');
    await wall.waitForSelector('[data-testid=evaluation-board] svg g');
    expect(await wall.locator('[data-testid=evaluation-board] svg g').count()).toBe(9);
    await expect
      .poll(() => wall.textContent('[data-testid=plan-badge]'), { timeout: 15_000 })
      .toBe('预案 0/4');
  });

  it('opens a new plan on the console by itself; ticking a step shows on the wall', async () => {
    await console.goto(`${server.url}/console`);
    await console.fill('input[name=username]', 'admin');
    await console.fill('input[name=password]', adminPasswordOf(server.config.dataDir));
    await console.click('button[type=submit]');
    await console.waitForSelector('.event-list tr[data-event-id]', { timeout: 30_000 });
    await send('POST', '/api/events', keyPerson('kp-2', 120.62));
    await console.waitForSelector('[data-testid=plan-detail]', { timeout: 15_000 });
    await console.fill(
      '[data-testid=plan-detail] li[data-step=verify] input[aria-label$=备注]',
      '已电话核实',
    );
    // A click, not check(): the box is controlled and turns checked only when the server has stored the tick.
    await console.click('[data-testid=plan-detail] li[data-step=verify] input[type=checkbox]');
    await console.waitForSelector('[data-testid=plan-detail] li[data-step=verify].done');
    expect(await console.textContent('[data-testid=plan-detail] li[data-step=verify]')).toContain(
      '已电话核实',
    );
    await expect
      .poll(async () => (await wall.locator('[data-testid=plan-badge]').allTextContents()).sort(), {
        timeout: 15_000,
      })
      .toEqual(['预案 0/4', '预案 1/4']);
    await saveScreenshot(wall, 'wall-duty');
  });

  it('proposes the unit when dispatching, and asks for a reason to override it', async () => {
    await send('POST', '/api/events/kp-2/actions', { action: 'accept' });
    await send('POST', '/api/events/kp-2/actions', { action: 'register' });
    await console.click('tr[data-event-id="kp-2"]');
    await console.waitForSelector('[data-testid=route-proposal]');
    // Petitions are a district function in the lists: the event's own district answers.
    expect(await console.textContent('[data-testid=route-proposal]')).toMatch(/片区服务中心/);
    expect(await console.textContent('[data-testid=route-proposal]')).toContain('群众来信来访办理');
    await console.fill('input[aria-label=派遣对象]', 'dept:petition');
    expect(await console.isDisabled('button[data-action=dispatch]')).toBe(true);
    await console.fill('input[aria-label=改派理由]', '信访局已受理同一事项');
    await saveScreenshot(console, 'console-dispatch-override');
    await console.click('button[data-action=dispatch]');
    await expect.poll(() => console.textContent('[data-testid=event-status]')).toBe('派遣');
    expect(await console.textContent('.timeline')).toContain('信访局已受理同一事项');
  });

  it('shows today’s roster and the evaluation chart, with a CSV export', async () => {
    await console.click('[data-testid=duty-toggle]');
    await console.waitForSelector('[data-testid=evaluation-chart] g');
    expect(await console.textContent('[data-testid=roster-panel]')).toContain('13812345678');
    expect(await console.locator('[data-testid=evaluation-chart] g').count()).toBe(9);
    const href = await console.getAttribute('[data-testid=evaluation-csv]', 'href');
    expect(href).toMatch(/format=csv/);
    await console.locator('[data-testid=evaluation-table]').scrollIntoViewIfNeeded();
    await saveScreenshot(console, 'console-duty');
    expect(errors).toEqual([]);
  });
});
