import { afterAll, describe, expect, it } from 'vitest';
import type { AlertChange } from '../../../shared/schemas/alert';
import type { ServerProcess } from '../../helpers/server-process';
import { servicesAvailable } from '../../helpers/services';
import { connectClient, waitFor } from '../../helpers/test-server';
import { Cluster, post, RecordingClient, report } from './cluster';

const up = await servicesAvailable('the scale-out tests (alert commands on followers)', [
  'postgres',
  'redis',
]);

const json = { 'content-type': 'application/json' };

/** A screen that keeps every alert change it is sent. */
class AlertWatcher extends RecordingClient {
  readonly alertChanges: AlertChange[] = [];
  override async connect() {
    const mode = await super.connect();
    this.socket?.on('alert:changes', (cs) => this.alertChanges.push(...cs));
    return mode;
  }
}

/** Sends an alert command on a socket to `server` and resolves with the ack. */
async function socketCommand(
  server: ServerProcess,
  name: 'alert:ack' | 'alert:assign' | 'alert:resolve',
  request: { id: string; note?: string; assignee?: string },
): Promise<{ ok: boolean; data?: { status: string }; error?: { code: string; message: string } }> {
  const socket = connectClient(server.url, server.token ?? undefined);
  try {
    await new Promise<void>((resolve, reject) => {
      socket.on('connect', () => resolve());
      socket.on('connect_error', reject);
    });
    return await new Promise((resolve) => socket.emit(name, request, resolve as never));
  } finally {
    socket.close();
  }
}

describe.runIf(up)('alert commands on a follower', () => {
  const cluster = new Cluster();
  afterAll(() => cluster.stop());

  it('are carried out by the leader, over HTTP and the socket, and the caller gets the leader’s answer', async () => {
    const servers = await cluster.start(3);
    const leaders = await cluster.settledLeaders();
    expect(leaders).toHaveLength(1);
    const leader = leaders[0]!;
    const [f1, f2] = servers.filter((s) => s !== leader) as [ServerProcess, ServerProcess];
    // Every instance on Redis, and a moment for the adapters' stream readers to start.
    await Cluster.waitForRedis(servers);
    const watcher = new AlertWatcher(f2, 'follower-2');
    await watcher.connect();

    // A key-person report raises an alert at once.
    expect(
      await post(f1, [
        report('kp-cmd-1', {
          category: 'stability',
          subcategory: 'petition',
          keyPerson: true,
          description: '重点人员上访',
        }),
      ]),
    ).toBe(202);
    await waitFor(
      () => watcher.alertChanges.some((c) => c.alert.key === 'key-person:kp-cmd-1'),
      'the key-person alert on a follower’s screen',
      15_000,
    );
    const id = watcher.alertChanges.find((c) => c.alert.key === 'key-person:kp-cmd-1')!.alert.id;

    // HTTP on follower 1: acknowledged by the leader, the caller gets the alert as the leader stored it.
    const ack = await f1.fetch(`/api/alerts/${id}/actions`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ action: 'acknowledge', note: '已知悉' }),
    });
    const ackBody = await ack.json();
    expect(ack.status, JSON.stringify(ackBody)).toBe(200);
    expect(ackBody).toMatchObject({ id, status: 'acknowledged' });

    // The leader's answer to an illegal step comes back too (acknowledging twice).
    const again = await f2.fetch(`/api/alerts/${id}/actions`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ action: 'acknowledge' }),
    });
    expect(again.status).toBe(409);
    expect((await again.json()).error).toBe('illegal_transition');

    // The socket on follower 2: assign, then resolve.
    const assigned = await socketCommand(f2, 'alert:assign', { id, assignee: 'D03', note: '派龙港街道' });
    expect(assigned, JSON.stringify(assigned)).toMatchObject({ ok: true, data: { status: 'assigned' } });
    const resolved = await socketCommand(f1, 'alert:resolve', { id, note: '已处置' });
    expect(resolved, JSON.stringify(resolved)).toMatchObject({ ok: true, data: { status: 'resolved' } });
    const missing = await socketCommand(f1, 'alert:ack', { id: 'AL999999' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });

    // The lifecycle is stored once, by the leader, with who did each step; screens everywhere saw it.
    const detail = await (await leader.fetch(`/api/alerts/${id}`)).json();
    const steps = (detail.transitions as { action: string; actor: string }[]).filter((t) =>
      ['acknowledge', 'assign', 'resolve'].includes(t.action),
    );
    expect(steps.map((t) => t.action)).toEqual(['acknowledge', 'assign', 'resolve']);
    for (const t of steps) expect(t.actor).toBe('user:admin');
    await waitFor(
      () => watcher.alertChanges.some((c) => c.alert.id === id && c.alert.status === 'resolved'),
      'the resolution on a follower’s screen',
      10_000,
    );
    watcher.disconnect();
  }, 120_000);
});
