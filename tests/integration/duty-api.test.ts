import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanInstance } from '../../shared/domain/response-plan';
import { unpackRecords } from '../../shared/record-columns';
import { cityDate } from '../../shared/util/city-day';
import { hotlineReport } from '../fixtures/reports';
import { startTestServer, type TestServer, type TestSocket, waitFor } from '../helpers/test-server';

const report = hotlineReport;

/** "YYYY-MM-DD HH:mm" in Longgang for an instant. */
const local = (at: number) => new Date(at + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

describe('who answers: routing, roster, plans and evaluation over HTTP', () => {
  let server: TestServer;
  let socket: TestSocket;
  const planChanges: PlanInstance[] = [];
  // A screen that asked `compact` (as the wall does) gets plans as columns.
  let compact: TestSocket;
  const compactPlanChanges: PlanInstance[] = [];
  const compactSnapshots: PlanInstance[][] = [];
  const send = async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await server.fetch(url, {
      method,
      headers: {
        ...(typeof body === 'string'
          ? { 'content-type': 'text/csv' }
          : body
            ? { 'content-type': 'application/json' }
            : {}),
        ...headers,
      },
      body: typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      text,
      body: /^[[{]/.test(text) ? (JSON.parse(text) as Record<string, any>) : null,
    };
  };
  const act = (id: string, action: string) => send('POST', `/api/events/${id}/actions`, { action });

  beforeAll(async () => {
    server = await startTestServer({ SIM: 'off' });
    socket = server.connect();
    socket.on('plan:changes', (ps) => planChanges.push(...ps));
    compact = server.connect();
    compact.on('plan:changes-columns', (ps) => compactPlanChanges.push(...unpackRecords(ps)));
    compact.on('plans:snapshot-columns', (snapshot) => compactSnapshots.push(unpackRecords(snapshot.plans)));
    compact.emit('sync:hello', { lastSeq: null, compact: true }, () => {});
    await new Promise<void>((resolve, reject) => {
      socket.on('connect_error', reject);
      socket.emit('sync:hello', { lastSeq: null }, (r) =>
        r.ok ? resolve() : reject(new Error(r.error.message)),
      );
    });
  });
  afterAll(async () => {
    compact?.close();
    socket?.close();
    await server?.close();
  });

  it('proposes the responsible unit from the lists and the event’s grid path', async () => {
    expect(
      (
        await send('POST', '/api/events', [
          report('r-1'),
          report('r-2', { category: 'emergency', subcategory: 'fire' }),
        ])
      ).status,
    ).toBe(202);
    const grid = (await send('GET', '/api/events/r-1')).body!.event.grid;
    const street = await send('GET', '/api/events/r-1/route-proposal');
    expect(street.body!.proposal).toMatchObject({
      unitId: `team:${grid.full}`,
      level: 'grid',
      limitHours: 8,
    });
    expect(street.body!.proposal.reason).toContain('占道经营整治办理');
    const fire = await send('GET', '/api/events/r-2/route-proposal', undefined, {
      authorization: `Bearer ${server.tokens.wall}`,
    });
    expect(fire.body!.proposal).toMatchObject({ unitId: 'dept:fire', unitName: '龙港市消防救援大队' });
    expect((await send('GET', '/api/events/nope/route-proposal')).status).toBe(404);
    const lists = await send('GET', '/api/responsibilities');
    expect(lists.body!.lists.map((l: any) => l.items.length)).toEqual([168, 112, 35]);
  });

  it('dispatches to the proposal, refuses an override without a reason and audits one with it', async () => {
    for (const id of ['r-1', 'r-2']) {
      await act(id, 'accept');
      await act(id, 'register');
    }
    const grid = (await send('GET', '/api/events/r-1')).body!.event.grid;
    const follow = await send('POST', '/api/events/r-1/dispatch', { assignee: `team:${grid.full}` });
    expect(follow.status).toBe(200);
    expect(follow.body).toMatchObject({
      override: false,
      event: { status: 'dispatched', assignee: `team:${grid.full}` },
    });

    const refused = await send('POST', '/api/events/r-2/dispatch', { assignee: `district:${grid.district}` });
    expect(refused.status).toBe(400);
    expect(refused.body!.message).toContain('needs an overrideReason');
    expect((await send('GET', '/api/events/r-2')).body!.event.status).toBe('registered');
    const blank = await send('POST', '/api/events/r-2/dispatch', {
      assignee: `district:${grid.district}`,
      overrideReason: '  ',
    });
    expect(blank.status).toBe(400);

    const override = await send('POST', '/api/events/r-2/dispatch', {
      assignee: `district:${grid.district}`,
      overrideReason: '消防车已在片区现场',
    });
    expect(override.status).toBe(200);
    expect(override.body).toMatchObject({ override: true, event: { assignee: `district:${grid.district}` } });
    const detail = await send('GET', '/api/events/r-2');
    expect(detail.body!.transitions.at(-1).note).toBe('改派（建议：龙港市消防救援大队）：消防车已在片区现场');
    const audit = (await send('GET', '/api/audit?limit=20')).body as unknown as { action: string }[];
    const entry = audit.find((e) => e.action === 'dispatch:override');
    expect(entry).toMatchObject({
      target: 'event:r-2',
      detail: { proposed: 'dept:fire', assignee: `district:${grid.district}`, reason: '消防车已在片区现场' },
    });
    // A viewer may not dispatch at all.
    const wall = await send(
      'POST',
      '/api/events/r-1/dispatch',
      { assignee: 'x' },
      { authorization: `Bearer ${server.tokens.wall}` },
    );
    expect(wall.status).toBe(403);
  });

  it('imports a roster, shows who is on duty (phones masked for the wall), and keeps it when a file is bad', async () => {
    const now = Date.now();
    const h = 3_600_000;
    const good = [
      'scope,role,name,phone,start,end',
      `city,leader,陈建国,13812345678,${local(now - 2 * h)},${local(now + 6 * h)}`,
      `city,officer,张敏,13700002222,${local(now - 2 * h)},${local(now + 6 * h)}`,
      `D01,leader,王伟,13900001111,${local(now - h)},${local(now + h)}`,
      `D02,officer,李丽,13600003333,${local(now + 3 * h)},${local(now + 4 * h)}`,
    ].join('\n');
    const imported = await send('POST', '/api/roster/import', good);
    expect(imported).toMatchObject({ status: 200, body: { imported: 4, replaced: 0 } });

    const admin = (await send('GET', '/api/roster/current')).body!;
    expect(admin.masked).toBe(false);
    expect(admin.onDuty.map((e: any) => `${e.scope}:${e.name}:${e.phone}`)).toEqual([
      'city:陈建国:13812345678',
      'city:张敏:13700002222',
      'D01:王伟:13900001111',
    ]);
    const wall = (
      await send('GET', '/api/roster/current', undefined, { authorization: `Bearer ${server.tokens.wall}` })
    ).body!;
    expect(wall.masked).toBe(true);
    expect(wall.onDuty[0]).toMatchObject({ name: '陈建国', phone: '138****5678' });

    const bad = `${good}\nD77,leader,赵六,13500000000,${local(now)},${local(now + h)}\ncity,boss,赵六,13500000000,${local(now)},${local(now + h)}\n`;
    const refused = await send('POST', '/api/roster/import', bad);
    expect(refused.status).toBe(400);
    expect(refused.body!.problems).toEqual([
      { field: 'line 6', message: 'unknown scope "D77" (city or a district id)' },
      { field: 'line 7', message: 'unknown role "boss" (leader or officer)' },
    ]);
    expect(refused.body!.message).toContain('the roster is unchanged');
    expect((await send('GET', '/api/roster/current')).body!.onDuty).toHaveLength(3);
    // Importing is a supervisor's job.
    const byWall = await send('POST', '/api/roster/import', good, {
      authorization: `Bearer ${server.tokens.wall}`,
    });
    expect(byWall.status).toBe(403);
  });

  it('opens a plan for an orange alert, stores each ticked step and broadcasts it', async () => {
    await send(
      'POST',
      '/api/events',
      report('kp-1', { category: 'stability', subcategory: 'petition', keyPerson: true }),
    );
    await waitFor(
      () => planChanges.some((p) => p.rule === 'key-person'),
      'plan:changes for the key-person alert',
    );
    const opened = planChanges.find((p) => p.rule === 'key-person')!;
    expect(opened).toMatchObject({ level: 'orange', name: '重点人员事件处置预案' });
    expect(opened.steps.map((s) => s.done)).toEqual([false, false, false, false]);
    const live = (
      await send('GET', '/api/plans', undefined, { authorization: `Bearer ${server.tokens.wall}` })
    ).body!;
    expect(live.plans.map((p: any) => p.id)).toEqual([opened.id]);

    const before = planChanges.length;
    const ticked = await send('POST', `/api/plans/${opened.id}/steps/contact`, { note: '社区书记已联系' });
    expect(ticked.status).toBe(200);
    expect(ticked.body!.steps[1]).toMatchObject({
      id: 'contact',
      done: true,
      note: '社区书记已联系',
      by: 'user:admin',
    });
    await waitFor(() => planChanges.length > before, 'plan:changes for the tick');
    expect(planChanges.at(-1)!.steps[1]!.done).toBe(true);
    await waitFor(() => compactPlanChanges.length === planChanges.length, 'plan:changes-columns');
    expect(compactPlanChanges).toEqual(planChanges);
    compactSnapshots.length = 0;
    compact.emit('sync:hello', { lastSeq: null, compact: true }, () => {});
    await waitFor(() => compactSnapshots.length > 0, 'plans:snapshot-columns');
    expect(compactSnapshots[0]).toEqual([planChanges.at(-1)]);
    expect((await send('GET', `/api/plans/${opened.id}`)).body!.version).toBe(2);
    expect((await send('POST', `/api/plans/${opened.id}/steps/nope`, {})).status).toBe(404);
    const byWall = await send(
      'POST',
      `/api/plans/${opened.id}/steps/record`,
      {},
      { authorization: `Bearer ${server.tokens.wall}` },
    );
    expect(byWall.status).toBe(403);
  });

  it('evaluates districts for a period, as JSON and as CSV', async () => {
    const today = cityDate(Date.now(), 'Asia/Shanghai');
    const res = await send('GET', `/api/evaluation?level=district&from=${today}&to=${today}`);
    expect(res.status).toBe(200);
    const rows = res.body!.rows as any[];
    expect(rows).toHaveLength(9);
    const grid = (await send('GET', '/api/events/r-1')).body!.event.grid;
    const mine = rows.find((r) => r.id === grid.district);
    expect(mine).toMatchObject({ events: 3, closed: 0, closureRate: 0, alerts: 1, rank: 1 });
    const csv = await send('GET', `/api/evaluation?level=community&from=${today}&to=${today}&format=csv`);
    expect(csv.status).toBe(200);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(/^rank,id,name,events,/);
    expect(lines).toHaveLength(1 + 103);
    expect((await send('GET', `/api/evaluation?from=${today}&to=2000-01-01`)).status).toBe(400);
  });
});
