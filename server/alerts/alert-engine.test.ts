import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertChange } from '../../shared/schemas/alert';
import { makeEvent } from '../../tests/fixtures/events';
import { pathOf, rulesConfig, TEST_GEO } from '../../tests/fixtures/rule-timeline';
import { ManualClock } from '../clock';
import { openSqliteStore } from '../store/sqlite-store';
import type { Store } from '../store/store';
import { AlertEngine } from './alert-engine';
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
    for (const s of open.splice(0)) {
      s.engine?.stop();
      s.alerts.close();
      await s.events.close();
    }
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  const start = async (dir: string, clock: ManualClock) => {
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
