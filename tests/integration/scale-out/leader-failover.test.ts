import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { AlertChange } from '../../../shared/schemas/alert';
import type { ServerProcess } from '../../helpers/server-process';
import { servicesAvailable, TEST_PG_URL } from '../../helpers/services';
import { waitFor } from '../../helpers/test-server';
import { Cluster, post, RecordingClient, report } from './cluster';

const up = await servicesAvailable('the scale-out tests (leader failover)', ['postgres', 'redis']);

const keyPersonReport = (id: string) =>
  report(id, {
    category: 'stability',
    subcategory: 'petition',
    keyPerson: true,
    description: '重点人员上访',
  });

/** A screen that keeps every alert change it is sent. */
class AlertWatcher extends RecordingClient {
  readonly alertChanges: AlertChange[] = [];
  override async connect() {
    const mode = await super.connect();
    this.socket?.on('alert:changes', (cs) => this.alertChanges.push(...cs));
    return mode;
  }
  raisedKeys(): string[] {
    return this.alertChanges.filter((c) => c.transition.action === 'raise').map((c) => c.alert.key);
  }
}

describe.runIf(up)('the rules-engine leader', () => {
  const cluster = new Cluster();
  afterAll(() => cluster.stop());

  it('is exactly one instance; when it is killed another takes over within seconds and no alert is raised twice', async () => {
    const servers = await cluster.start(3);
    const leaders = await cluster.settledLeaders();
    expect(leaders).toHaveLength(1);
    const leader = leaders[0]!;
    const survivors = servers.filter((s) => s !== leader);

    // Screens on the two followers: alerts reach them only through Redis, from the leader.
    const watchers = survivors.map((s, i) => new AlertWatcher(s, `follower-${i}`));
    await Promise.all(watchers.map((w) => w.connect()));
    await Cluster.waitForRedis(servers);

    const first = Array.from({ length: 9 }, (_, i) => `kp-a-${i}`);
    for (const [i, id] of first.entries()) {
      expect(await post(servers[i % 3]!, [keyPersonReport(id)])).toBe(202);
    }
    for (const w of watchers) {
      await waitFor(
        () => first.every((id) => w.raisedKeys().includes(`key-person:${id}`)),
        `${w.name}: alerts for the first events`,
        15_000,
      ).catch((err) => {
        throw new Error(
          `${err.message}; it has ${JSON.stringify(w.raisedKeys())}; server output:\n${w.server.output().slice(-3000)}\nleader output:\n${leader.output().slice(-3000)}`,
        );
      });
    }

    // Kill the leader outright, then keep reporting on the others.
    leader.child.kill('SIGKILL');
    await leader.exited;
    const killedAt = Date.now();
    const second = Array.from({ length: 6 }, (_, i) => `kp-b-${i}`);
    for (const [i, id] of second.entries()) {
      expect(await post(survivors[i % 2]!, [keyPersonReport(id)])).toBe(202);
    }
    let newLeaders: ServerProcess[] = [];
    while (Date.now() - killedAt < 15_000) {
      newLeaders = await cluster.leaders();
      if (newLeaders.length === 1) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const takeoverMs = Date.now() - killedAt;
    expect(newLeaders).toHaveLength(1);
    expect(takeoverMs).toBeLessThan(5_000);
    console.log(`leader takeover after SIGKILL: ${takeoverMs} ms`);
    for (const w of watchers) {
      await waitFor(
        () => second.every((id) => w.raisedKeys().includes(`key-person:${id}`)),
        `${w.name}: alerts for the events after the kill`,
        15_000,
      );
    }
    // Let the new leader run a few more evaluations: it must not raise the old alerts again.
    await new Promise((r) => setTimeout(r, 2_500));

    for (const w of watchers) {
      const keys = w.raisedKeys();
      const twice = keys.filter((k, i) => keys.indexOf(k) !== i);
      expect(twice, `${w.name}: alerts raised twice`).toEqual([]);
      // (Nine petitions at one spot also trip the surge and repeat rules: those count once each too.)
      expect(new Set(keys.filter((k) => k.startsWith('key-person:')))).toEqual(
        new Set([...first, ...second].map((id) => `key-person:${id}`)),
      );
    }
    // And the shared store agrees: one alert per key, one 'raise' step per alert.
    const db = new pg.Client({ connectionString: TEST_PG_URL });
    await db.connect();
    try {
      await db.query(`SET search_path TO "${cluster.schema}"`);
      const dup = await db.query('SELECT key, count(*) FROM alerts GROUP BY key HAVING count(*) > 1');
      expect(dup.rows).toEqual([]);
      const raises = await db.query(
        "SELECT alert_id, count(*) FROM alert_transitions WHERE action = 'raise' GROUP BY alert_id HAVING count(*) > 1",
      );
      expect(raises.rows).toEqual([]);
      const total = await db.query("SELECT count(*)::int AS n FROM alerts WHERE rule = 'key-person'");
      expect(total.rows[0].n).toBe(first.length + second.length);
    } finally {
      await db.end();
    }
    for (const w of watchers) w.disconnect();
  }, 120_000);
});
