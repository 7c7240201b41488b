import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AlertChange } from '../../shared/schemas/alert';
import { makeEvent } from '../../tests/fixtures/events';
import { pathOf, rulesConfig, TEST_GEO } from '../../tests/fixtures/rule-timeline';
import { ManualClock } from '../clock';
import { openSqliteStore } from '../store/sqlite-store';
import type { Store } from '../store/store';
import { AlertEngine, evaluationGap, MAX_EVALUATION_GAP_MS, MIN_EVALUATION_GAP_MS } from './alert-engine';
import type { AlertGeo } from './alert-geo';
import type { AlertStore } from './alert-store';
import { openSqliteAlertStore } from './sqlite-alert-store';

const GEO: AlertGeo = {
  rules: TEST_GEO,
  risk: {
    microIndex: new Map([
      ['m1', 0],
      ['m2', 1],
    ]),
    microsOf: (id) => (id === 'f1' ? [0, 1] : []),
    size: 2,
  },
  microIds: ['m1', 'm2'],
  outlineOf: () => [],
  nameOf: (id) => id,
};
const HOUR = 3_600_000;

describe('alert engine over SQLite on a manual clock', () => {
  const dirs: string[] = [];
  const open: { events: Store; alerts: AlertStore; engine?: AlertEngine }[] = [];
  afterEach(async () => {
    vi.useRealTimers();
    for (const s of open.splice(0)) {
      s.engine?.stop();
      s.alerts.close();
      await s.events.close();
    }
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  const start = async (dir: string, clock: ManualClock, elapsed?: () => number) => {
    const file = path.join(dir, 'city-brain.sqlite');
    const events = openSqliteStore(file);
    const alerts = openSqliteAlertStore(file);
    open.push({ events, alerts });
    const config = rulesConfig((c) => {
      c.rules.sla.policy = { clearMinutes: 0, reescalateMinutes: 0 };
      c.rules['key-person'].policy = { clearMinutes: 0 };
    });
    const engine: AlertEngine = new AlertEngine({
      events,
      alerts,
      geo: GEO,
      config,
      now: () => clock.now(),
      elapsed,
      onError: (e) => {
        throw e;
      },
    });
    open[open.length - 1]!.engine = engine;
    const seen: AlertChange[] = [];
    engine.broadcast = (c) => seen.push(c);
    await engine.load();
    return { engine, events, alerts, seen };
  };

  it('raises time-based alerts on evaluation, stores and broadcasts them, and reloads them after a restart', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alert-engine-'));
    dirs.push(dir);
    const clock = new ManualClock(Date.UTC(2026, 2, 2, 2));
    const first = await start(dir, clock);
    const t0 = clock.now();
    const event = makeEvent('acc-1', {
      category: 'traffic',
      subcategory: 'accident',
      severity: 'high',
      grid: pathOf('m1'),
      status: 'dispatched',
      dispatchedAt: t0,
      dueAt: t0 + HOUR,
      version: 4,
    });
    await first.events.insertEvents([event]);
    first.engine.observe([event]);
    expect(await first.engine.evaluate()).toEqual([]);
    clock.advance(HOUR + 60_000);
    const [raised] = await first.engine.evaluate();
    expect(raised).toMatchObject({
      seq: 1,
      alert: { id: 'AL00000001', rule: 'sla', level: 'yellow', scope: { level: 'community' } },
    });
    expect(first.seen).toEqual([raised]);
    const ack = await first.engine.act('AL00000001', 'acknowledge', { actor: 'user:duty', note: '收到' });
    expect(ack).toMatchObject({ ok: true, data: { status: 'acknowledged' } });
    expect(first.alerts.transitions('AL00000001').map((t) => t.action)).toEqual(['raise', 'acknowledge']);

    // Restart: the book, ids and open events come back from the store.
    first.engine.stop();
    first.alerts.close();
    await first.events.close();
    open.length = 0;
    const second = await start(dir, clock);
    expect(second.engine.tracked().map((a) => `${a.id}:${a.status}`)).toEqual(['AL00000001:acknowledged']);
    clock.advance(HOUR);
    const [escalated] = await second.engine.evaluate();
    expect(escalated!.alert).toMatchObject({
      id: 'AL00000001',
      level: 'orange',
      scope: { level: 'district' },
    });
    expect(escalated!.seq).toBe(3);
    // Disabling the rule resolves what it raised.
    await second.engine.applyConfig(
      rulesConfig((c) => {
        c.rules.sla.enabled = false;
        c.alerts.clearMinutes = 0;
      }),
    );
    const [resolved] = await second.engine.evaluate();
    expect(resolved!.alert.status).toBe('resolved');
    expect(second.engine.risk()).toMatchObject({ count: 2 });
  });

  it('spaces evaluations by what the last one cost, and its timer adds none to one already scheduled', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alert-engine-'));
    dirs.push(dir);
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate'],
    });
    let ms = 0;
    const { engine, alerts } = await start(dir, new ManualClock(Date.UTC(2026, 2, 2, 2)), () => ms);
    // Every pass costs 300 ms (its commit included), as a storm's passes over tens of thousands of alerts do.
    const save = alerts.save.bind(alerts);
    alerts.save = (updates) => {
      ms += 300;
      return save(updates);
    };
    const passes = vi.spyOn(engine, 'evaluate');
    /** Lets `d` ms pass, then checks how many passes have run in all. */
    const passesAfter = async (d: number, total: number) => {
      ms += d;
      await vi.advanceTimersByTimeAsync(d);
      expect(passes).toHaveBeenCalledTimes(total);
    };
    engine.observe([]);
    await passesAfter(0, 1);
    engine.start(); // the rules' own timer, every evaluateMs (the city's 1,000 ms)
    // The first pass began at 0 and cost 300 ms: the next begins 4 × 300 = 1,200 ms after it, not 250.
    engine.observe([]);
    await passesAfter(899, 1);
    await passesAfter(1, 2);
    // Nothing committed since: the timer's ask 100 ms on schedules one, 1,200 ms after the last began.
    await passesAfter(100, 2);
    await passesAfter(799, 2);
    await passesAfter(1, 3);
    // Committed reports schedule the next, due 900 on; the timer's ask 200 on adds no pass of its own.
    engine.observe([]);
    await passesAfter(200, 3);
    await passesAfter(699, 3);
    await passesAfter(1, 4);
    await passesAfter(299, 4);
    engine.stop();
  });

  it('gives a quiet city an evaluation every 250 ms and a storm one at most every 2 s', () => {
    expect(evaluationGap(0)).toBe(MIN_EVALUATION_GAP_MS);
    expect(evaluationGap(50)).toBe(250);
    expect(evaluationGap(100)).toBe(400);
    expect(evaluationGap(300)).toBe(1_200);
    expect(evaluationGap(5_000)).toBe(MAX_EVALUATION_GAP_MS);
    expect(MAX_EVALUATION_GAP_MS).toBe(2_000);
  });

  it('answers commands on unknown alerts and illegal steps with specific errors', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alert-engine-'));
    dirs.push(dir);
    const { engine } = await start(dir, new ManualClock(0));
    expect(await engine.act('AL9', 'acknowledge', { actor: 'x' })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'no alert with id "AL9"' },
    });
  });
});
