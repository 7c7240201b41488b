import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveBatch } from '../../shared/protocol';
import { hotlineReport } from '../fixtures/reports';
import { startTestServer, type TestServer, waitFor } from '../helpers/test-server';

const report = hotlineReport;

async function post(server: TestServer, path: string, body: unknown) {
  const res = await server.fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

describe('events over HTTP and Socket.IO', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ SIM: 'off' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('commits a batch, answers 202 with its ids, and locates each event in the grid', async () => {
    const res = await post(server, '/api/events', [report('h-1'), report('h-2')]);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: ['h-1', 'h-2'], duplicates: [] });
    const detail = await server.fetch(`/api/events/h-1`).then((r) => r.json());
    expect(detail.event.grid.district).toMatch(/^D0\d$/);
    expect(detail.event.status).toBe('reported');
    expect(detail.transitions).toHaveLength(1);
  });

  it('stores a retried batch once and says which ids were duplicates', async () => {
    const first = await post(server, '/api/events', report('retry-1'));
    const again = await post(server, '/api/events', [report('retry-1'), report('retry-2')]);
    expect(first.status).toBe(202);
    expect(again.body).toEqual({ accepted: ['retry-1', 'retry-2'], duplicates: ['retry-1'] });
  });

  it('rejects a bad batch whole, naming each bad item and field, and stores nothing', async () => {
    const seqBefore = server.app.ctx.hub.lastPublishedSeq;
    const res = await post(server, '/api/events', [
      report('ok-but-batch-bad'),
      report('bad-lat', { lat: 200 }),
      report('bad-extra', { colour: 'red' }),
      report('bad-sub', { subcategory: 'nope' }),
    ]);
    expect(res.status).toBe(400);
    expect(res.body.problems).toEqual(
      expect.arrayContaining([
        { index: 1, field: '/lat', message: 'must be <= 90' },
        { index: 2, field: '', message: 'unknown properties: colour' },
      ]),
    );
    expect((await server.fetch(`/api/events/ok-but-batch-bad`)).status).toBe(404);
    // The subcategory is checked against the taxonomy once the schema passes.
    const sub = await post(server, '/api/events', report('bad-sub', { subcategory: 'nope' }));
    expect(sub.status).toBe(400);
    expect(sub.body.problems).toEqual([
      { index: 0, field: 'subcategory', message: 'unknown subcategory "nope" of urban' },
    ]);
    expect(server.app.ctx.hub.lastPublishedSeq).toBe(seqBefore);
  });

  it('refuses an empty batch and one over 1,000 items', async () => {
    expect((await post(server, '/api/events', [])).body.message).toContain('the batch is empty');
    const big = Array.from({ length: 1001 }, (_, i) => report(`big-${i}`));
    const res = await post(server, '/api/events', big);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('at most 1000 events per request, got 1001');
  });

  it('moves an event through its workflow over HTTP, refusing illegal steps with 409', async () => {
    await post(server, '/api/events', report('wf-1'));
    const illegal = await post(server, '/api/events/wf-1/actions', { action: 'close' });
    expect(illegal.status).toBe(409);
    expect(illegal.body.message).toContain('cannot close an event that is reported');
    for (const action of ['accept', 'register']) {
      expect((await post(server, '/api/events/wf-1/actions', { action })).status).toBe(200);
    }
    const noAssignee = await post(server, '/api/events/wf-1/actions', { action: 'dispatch' });
    expect(noAssignee.body.message).toBe('dispatch needs an assignee');
    // The lists propose a unit; another one needs a reason, and the override is audited.
    const unexplained = await post(server, '/api/events/wf-1/actions', {
      action: 'dispatch',
      assignee: 'team-7',
    });
    expect(unexplained.status).toBe(400);
    expect(unexplained.body.message).toMatch(
      /^the lists propose .+; dispatching to team-7 needs a reason in the note$/,
    );
    const dispatched = await post(server, '/api/events/wf-1/actions', {
      action: 'dispatch',
      assignee: 'team-7',
      note: '原网格员请假，由相邻网格代办',
    });
    const audit = (await (await server.fetch('/api/audit?limit=5')).json()) as {
      action: string;
      target: string;
    }[];
    expect(audit.some((e) => e.action === 'dispatch:override' && e.target === 'event:wf-1')).toBe(true);
    expect(dispatched.body).toMatchObject({ status: 'dispatched', assignee: 'team-7', version: 4 });
    // street-order has a 8-hour limit, counted from dispatch.
    expect(dispatched.body.dueAt - dispatched.body.dispatchedAt).toBe(8 * 3_600_000);
    const missing = await post(server, '/api/events/nope/actions', { action: 'accept' });
    expect(missing.status).toBe(404);
  });

  it('takes workflow commands over Socket.IO and broadcasts the new state to every screen', async () => {
    await post(server, '/api/events', report('wf-sock'));
    const watcher = server.connect();
    const seen: LiveBatch[] = [];
    watcher.on('sync:batch', (b) => seen.push(b));
    await watcher.emitWithAck('sync:hello', { lastSeq: null });
    const officer = server.connect();
    const ack = await officer.emitWithAck('event:accept', { id: 'wf-sock' });
    expect(ack).toMatchObject({ ok: true, data: { status: 'accepted' } });
    const bad = await officer.emitWithAck('event:cancel', { id: 'wf-sock' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'illegal_transition' } });
    const malformed = await officer.emitWithAck('event:accept', { id: 42 } as never);
    expect(malformed).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    await waitFor(
      () => seen.some((b) => b.events.some((e) => e.id === 'wf-sock' && e.status === 'accepted')),
      'broadcast',
    );
    // A dispatch over the socket follows the routing rule too: another unit than proposed needs a reason.
    await officer.emitWithAck('event:register', { id: 'wf-sock' });
    const unexplained = await officer.emitWithAck('event:dispatch', { id: 'wf-sock', assignee: 'team-9' });
    expect(unexplained).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    if (!unexplained.ok) expect(unexplained.error.message).toContain('needs a reason in the note');
    const explained = await officer.emitWithAck('event:dispatch', {
      id: 'wf-sock',
      assignee: 'team-9',
      note: '就近调度',
    });
    expect(explained).toMatchObject({ ok: true, data: { status: 'dispatched', assignee: 'team-9' } });
    watcher.close();
    officer.close();
  });
});

describe('where an event is', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ SIM: 'off' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('places a report that names only its grid inside that grid', async () => {
    const body = [{ ...report('by-grid'), lon: undefined, lat: undefined, gridId: '330383198001' }];
    const res = await post(server, '/api/events', body);
    expect(res.status).toBe(202);
    const detail = await server.fetch(`/api/events/by-grid`).then((r) => r.json());
    expect(detail.event.grid.community).toBe('330383198001');
  });

  it('refuses a report with no place, half a position, an unknown grid or a duplicated id', async () => {
    const noPlace = { ...report('np'), lon: undefined, lat: undefined };
    const half = { ...report('half'), lat: undefined };
    const unknown = { ...report('ug'), lon: undefined, lat: undefined, gridId: 'nowhere' };
    const res = await post(server, '/api/events', [noPlace, half, unknown, report('twice'), report('twice')]);
    expect(res.status).toBe(400);
    expect(res.body.problems).toEqual([
      { index: 0, field: 'lon', message: 'a position (lon, lat) or a gridId is required' },
      { index: 1, field: 'lon', message: 'lon and lat must come together' },
      { index: 2, field: 'gridId', message: 'unknown grid "nowhere"' },
    ]);
    const dup = await post(server, '/api/events', [report('twice'), report('twice')]);
    expect(dup.body.problems).toEqual([
      { index: 1, field: 'id', message: 'id "twice" appears twice in this batch' },
    ]);
  });

  it('stores an event outside every grid with no grid path rather than guessing one', async () => {
    const res = await post(server, '/api/events', report('outside', { lon: 121.2, lat: 28.1 }));
    expect(res.status).toBe(202);
    const detail = await server.fetch(`/api/events/outside`).then((r) => r.json());
    expect(detail.event.grid).toBeNull();
  });
});
