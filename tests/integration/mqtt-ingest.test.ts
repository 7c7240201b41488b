import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MqttIngest } from '../../server/ingest/mqtt-ingest';
import { startTestServer, type TestServer, tempDataDir } from '../helpers/test-server';

const BROKER_HOST = '127.0.0.1';
const BROKER_PORT = 1883;
const BROKER_URL = `mqtt://${BROKER_HOST}:${BROKER_PORT}`;

/** A quick TCP probe: is anything listening where the broker should be? */
function reachable(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const brokerUp = await reachable(BROKER_HOST, BROKER_PORT);
const required = Boolean(process.env.CITY_BRAIN_REQUIRE_SERVICES);
if (!brokerUp && !required) {
  console.warn(
    `\n⚠️  SKIPPING the MQTT ingest tests: no MQTT broker at ${BROKER_URL}. Start Mosquitto ` +
      '(apt-get install mosquitto) or set CITY_BRAIN_REQUIRE_SERVICES=1 to make this a failure.\n',
  );
}

/** A valid event inside Longgang. */
const report = (id: string, patch: Record<string, unknown> = {}) => ({
  id,
  source: 'grid-worker',
  category: 'emergency',
  subcategory: 'waterlogging',
  lon: 120.553,
  lat: 27.5895,
  description: '瓯南大桥南堍积水',
  ...patch,
});

describe.skipIf(!brokerUp && !required)('MQTT ingest against a real broker', () => {
  // Unique per run, so that parallel runs and leftover sessions never see each other's messages.
  const prefix = `longgang-test-${randomBytes(6).toString('hex')}`;
  const env = {
    SIM: 'off',
    MQTT_URL: BROKER_URL,
    MQTT_TOPICS: `${prefix}/events/#,${prefix}/sensors/#,${prefix}/traffic/#`,
  };
  let server: TestServer;
  let ingest: MqttIngest;
  let publisher: MqttClient;

  const publish = (topic: string, payload: string | Buffer) =>
    publisher.publishAsync(`${prefix}/${topic}`, payload, { qos: 1 });
  /** The stored event with `id`, once it is there (polls: the publisher's PUBACK says nothing of our commit). */
  const eventually = async (id: string, srv = server) => {
    const started = Date.now();
    for (;;) {
      const res = await srv.fetch(`/api/events/${id}`);
      if (res.status === 200) return (await res.json()) as any;
      if (Date.now() - started > 10_000) throw new Error(`event ${id} never arrived`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  beforeAll(async () => {
    if (!brokerUp)
      throw new Error(`CITY_BRAIN_REQUIRE_SERVICES is set but no MQTT broker answers at ${BROKER_URL}`);
    server = await startTestServer(env);
    ingest = server.app.ctx.mqtt!;
    await ingest.whenSubscribed();
    publisher = await mqtt.connectAsync(BROKER_URL, { clientId: `${prefix}-pub`, reconnectPeriod: 0 });
  });
  afterAll(async () => {
    await publisher?.endAsync();
    await server?.close();
  });

  it('stores a published event, and a batch published as one array', async () => {
    await publish('events/hotline', JSON.stringify(report('m-1')));
    const one = await eventually('m-1');
    expect(one.event).toMatchObject({
      source: 'grid-worker',
      subcategory: 'waterlogging',
      status: 'reported',
    });
    expect(one.event.grid.micro).toMatch(/^330383/);
    await publish('events/batch', JSON.stringify([report('m-2'), report('m-3', { subcategory: 'typhoon' })]));
    expect((await eventually('m-3')).event.subcategory).toBe('typhoon');
    expect(await eventually('m-2')).toBeTruthy();
    expect(ingest.counters.accepted).toBeGreaterThanOrEqual(3);
  });

  it('marks events on sensor topics as from a sensor unless they say otherwise', async () => {
    const { source: _, ...noSource } = report('s-1');
    await publish('sensors/water-level/WL-017', JSON.stringify(noSource));
    await publish('sensors/camera/C-9', JSON.stringify(report('s-2', { source: 'camera' })));
    expect((await eventually('s-1')).event.source).toBe('sensor');
    expect((await eventually('s-2')).event.source).toBe('camera');
  });

  it('counts malformed messages by reason, logs each reason once, and keeps accepting', async () => {
    const warn = vi.spyOn(server.app.log, 'warn');
    const before = { ...ingest.counters.rejected };
    const received = ingest.counters.received;
    const garbage = Buffer.from([0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28]);
    const { source: _, ...noSource } = report('bad-schema');
    const bad: [string, string | Buffer][] = [
      ['events/x', garbage],
      ['events/x', garbage],
      ['events/x', '{"id": "half'],
      ['events/x', 'not json at all'],
      ['events/x', JSON.stringify(noSource)],
      ['events/x', JSON.stringify(report('bad-lat', { lat: 200 }))],
      ['events/x', JSON.stringify(report('bad-sub', { subcategory: 'volcano' }))],
      [
        'events/x',
        JSON.stringify([report('ok-but-batch-bad'), report('bad-sub-2', { subcategory: 'volcano' })]),
      ],
      ['events/x', JSON.stringify(report('no-place', { lon: undefined, lat: undefined }))],
      ['events/x', '[]'],
    ];
    for (const [topic, payload] of bad) await publish(topic, payload);
    await publish('events/x', JSON.stringify(report('after-garbage')));
    await eventually('after-garbage');
    expect(ingest.counters.received - received).toBe(bad.length + 1);
    const delta = Object.fromEntries(
      Object.entries(ingest.counters.rejected).map(([k, n]) => [
        k,
        n - (before[k as keyof typeof before] ?? 0),
      ]),
    );
    expect(delta).toEqual({ 'not-utf8': 2, 'not-json': 2, schema: 2, taxonomy: 2, place: 1, empty: 1 });
    // One warning per reason, not per message.
    const reasons = warn.mock.calls.map(([obj]) => (obj as { reason?: string }).reason).filter(Boolean);
    expect(reasons.sort()).toEqual(['empty', 'not-json', 'not-utf8', 'place', 'schema', 'taxonomy']);
    warn.mockRestore();
    for (const id of ['bad-lat', 'bad-sub', 'ok-but-batch-bad', 'no-place'])
      expect((await server.fetch(`/api/events/${id}`)).status).toBe(404);
    expect((await server.fetch(`/api/health`)).status).toBe(200);
    expect(ingest.state).toBe('subscribed');
  });

  it('feeds speed readings on traffic topics to the traffic pool, and drops bad ones by reason', async () => {
    await publish('traffic/probe-1', JSON.stringify([{ segmentId: 'R0001', speedKmh: 12.5 }]));
    await publish('traffic/probe-1', JSON.stringify([{ segmentId: 'no-such-road', speedKmh: 12 }]));
    const started = Date.now();
    for (;;) {
      const state = (await (await server.fetch('/api/traffic/state')).json()) as any;
      const r1 = state.segments.find((x: any) => x.id === 'R0001');
      if (r1?.speedKmh === 12.5) break;
      if (Date.now() - started > 10_000) throw new Error('the reading never reached the traffic pool');
      await new Promise((r) => setTimeout(r, 100));
    }
    await expect.poll(() => ingest.counters.rejected.traffic ?? 0).toBe(1);
  });

  it('stores a retried message id once', async () => {
    const duplicates = ingest.counters.duplicates;
    await publish('events/retry', JSON.stringify(report('retry-1')));
    await publish('events/retry', JSON.stringify(report('retry-1', { description: 'second copy' })));
    await publish('events/retry', JSON.stringify(report('retry-2')));
    await eventually('retry-2');
    expect(ingest.counters.duplicates - duplicates).toBe(1);
    const detail = await eventually('retry-1');
    expect(detail.event.description).toBe('瓯南大桥南堍积水');
    expect(detail.transitions).toHaveLength(1);
  });

  it('does not acknowledge a message whose commit failed, so the broker delivers it again', async () => {
    const failed = ingest.counters.failed;
    const spy = vi.spyOn(server.app.ctx.pipeline, 'ingest').mockRejectedValueOnce(new Error('disk full'));
    await publish('events/redelivery', JSON.stringify(report('redelivered-1')));
    const detail = await eventually('redelivered-1');
    expect(detail.transitions).toHaveLength(1);
    expect(ingest.counters.failed - failed).toBe(1);
    expect(spy.mock.calls.length).toBeGreaterThanOrEqual(2);
    spy.mockRestore();
    await ingest.whenSubscribed();
  });

  it('keeps its session across a restart: what was published meanwhile arrives', async () => {
    const dataDir = tempDataDir();
    try {
      const first = await startTestServer({ ...env, DATA_DIR: dataDir });
      await first.app.ctx.mqtt!.whenSubscribed();
      await first.close();
      await publish('events/while-down', JSON.stringify(report('while-down-1')));
      const second = await startTestServer({ ...env, DATA_DIR: dataDir });
      try {
        expect((await eventually('while-down-1', second)).event.id).toBe('while-down-1');
      } finally {
        await second.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('MQTT ingest without a broker', () => {
  it('starts, serves and shuts down while the broker is unreachable', async () => {
    // A port nothing listens on: bind one, note it, close it.
    const port = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as net.AddressInfo;
        srv.close(() => resolve(port));
      });
    });
    const server = await startTestServer({ SIM: 'off', MQTT_URL: `mqtt://127.0.0.1:${port}` });
    try {
      expect(server.app.ctx.mqtt?.state).not.toBe('subscribed');
      expect((await server.fetch(`/api/health`)).status).toBe(200);
    } finally {
      const started = Date.now();
      await server.close();
      expect(Date.now() - started).toBeLessThan(3000);
    }
  });

  it('is off when MQTT_URL is empty', async () => {
    const server = await startTestServer({ SIM: 'off' });
    expect(server.app.ctx.mqtt).toBeNull();
    await server.close();
  });
});
