import path from 'node:path';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { attachAlertSocket } from './alerts/alert-socket';
import { createAlerting } from './alerts/alerting';
import type { AppContext } from './app-context';
import { openAuthStore } from './auth/auth-store';
import { bootstrapAuth } from './auth/bootstrap';
import { actorOf, holds, type Principal } from './auth/principal';
import { type Clock, scaledClock, systemClock } from './clock';
import type { Config } from './config';
import { EventCommands } from './events/event-commands';
import { type CityDataset, loadCityDataset } from './geo/city-dataset';
import { createMqttIngest } from './ingest/create-mqtt-ingest';
import { open311Routes } from './ingest/open311-routes';
import { IngestPipeline } from './ingest/pipeline';
import { createMetrics } from './observability/metrics';
import { registerApiDocs } from './plugins/api-docs';
import { authPlugin } from './plugins/auth';
import { registerHardening } from './plugins/hardening';
import { registerStaticClient } from './plugins/static-client';
import { registerValidation } from './plugins/validation';
import { LiveHub } from './realtime/live-hub';
import { createSocketServer } from './realtime/socket-server';
import { alertRoutes } from './routes/alerts';
import { authRoutes } from './routes/auth';
import { eventRoutes } from './routes/events';
import { gridRoutes } from './routes/grids';
import { healthRoutes } from './routes/health';
import { metricsRoutes } from './routes/metrics';
import { ruleRoutes } from './routes/rules';
import { trafficRoutes } from './routes/traffic';
import { createSimulationSpace } from './sim/simulation-space';
import { Simulator } from './sim/simulator';
import { openSqliteStore } from './store/sqlite-store';
import { TrafficPool } from './traffic/traffic-pool';
import { attachTrafficSocket } from './traffic/traffic-socket';
import { openTrafficStore } from './traffic/traffic-store';

export interface AppDeps {
  /** A preloaded dataset (tests share one); otherwise loaded from config.cityDir. */
  dataset?: CityDataset;
  /** The base clock; SIM_SPEED scales it. */
  clock?: Clock;
}

/** Builds the whole server without listening: store, live hub, Socket.IO, ingest, simulator, routes. */
export async function buildApp(config: Config, deps: AppDeps = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    bodyLimit: 2 * 1024 * 1024,
  }).withTypeProvider<TypeBoxTypeProvider>();

  const clock = config.simEnabled
    ? scaledClock(deps.clock ?? systemClock, config.simSpeed)
    : (deps.clock ?? systemClock);
  const now = () => clock.now();
  const dataset = deps.dataset ?? loadCityDataset(config.cityDir);
  const store = openSqliteStore(path.join(config.dataDir, 'city-brain.sqlite'));
  const auth = openAuthStore(path.join(config.dataDir, 'auth.sqlite'));
  const bootstrap = await bootstrapAuth(auth, config.dataDir, Date.now());
  const startSeq = await store.currentSeq();
  const metrics = createMetrics();
  const hub = new LiveHub({
    flushMs: config.flushMs,
    maxBacklog: 256,
    heartbeatMs: 2000,
    now,
    startSeq,
    onBatch: (batch) => metrics.batchEvents.observe(batch.events.length),
  });
  const pipeline = new IngestPipeline(store, hub, dataset, now, {
    committed: (events, seconds) => {
      metrics.commitSeconds.observe(seconds);
      for (const e of events) metrics.ingested.inc({ source: e.source });
    },
    rejected: (reason, count) => metrics.rejected.inc({ reason }, count),
  });
  const commands = new EventCommands(store, hub, now);
  const io = createSocketServer(app.server, {
    auth,
    store,
    hub,
    commands,
    snapshotLimit: config.snapshotLimit,
    now,
  });
  const simulator = config.simEnabled
    ? new Simulator({
        clock,
        seed: config.simSeed,
        eventsPerDay: config.simEventsPerDay,
        space: createSimulationSpace(dataset),
        ingest: (inputs) => pipeline.ingest(inputs),
        act: (id, action, input) => commands.act(id, action, input),
        openEvents: async () => (await store.snapshot(config.snapshotLimit)).events,
        onError: (err) => app.log.error({ err }, 'simulator tick failed'),
      })
    : null;
  const mqtt = createMqttIngest(config, (inputs) => pipeline.ingest(inputs), app.log);
  // Opened after the main store: its migrations create the traffic tables.
  const trafficStore = openTrafficStore(path.join(config.dataDir, 'city-brain.sqlite'));
  const traffic = new TrafficPool({
    dataset,
    clock,
    store: trafficStore,
    hub,
    staleMs: config.trafficStaleMinutes * 60_000,
    sim: config.simEnabled ? { seed: config.simSeed, rain: config.simWeather === 'rain' } : null,
    onError: (err) => app.log.error({ err }, 'traffic step failed'),
  });
  attachTrafficSocket(io, traffic, (socket) => holds(socket.data.principal as Principal, 'live:read'));
  const alerting = createAlerting({
    dataDir: config.dataDir,
    cityDir: config.cityDir,
    events: store,
    hub,
    dataset,
    now,
    onError: (err) => app.log.error({ err }, 'alert engine failed'),
  });
  const principalOfSocket = (socket: { data: { principal?: unknown } }) => socket.data.principal as Principal;
  attachAlertSocket(
    io,
    alerting.engine,
    alerting.store,
    {
      mayRead: (socket) => holds(principalOfSocket(socket), 'live:read'),
      may: (socket, permission) => holds(principalOfSocket(socket), permission),
      actorOf: (socket) => actorOf(principalOfSocket(socket)),
    },
    now,
  );

  const ctx: AppContext = {
    startedAt: Date.now(),
    clock,
    store,
    hub,
    io,
    pipeline,
    commands,
    dataset,
    simulator,
    mqtt,
    traffic,
    metrics,
    auth,
    bootstrap,
    alerting,
  };
  app.decorate('ctx', ctx);

  registerValidation(app);
  await registerHardening(app);
  await app.register(authPlugin, { store: auth, now: () => Date.now() });
  await registerApiDocs(app);
  await app.register(authRoutes, { store: auth });
  await app.register(healthRoutes);
  await app.register(gridRoutes);
  await app.register(eventRoutes);
  await app.register(metricsRoutes);
  await app.register(open311Routes);
  await app.register(trafficRoutes);
  await app.register(alertRoutes);
  await app.register(ruleRoutes);
  await registerStaticClient(app, config.staticDir);

  app.addHook('onReady', async () => {
    hub.start();
    // Before the simulator: the engine loads and warm-starts while nothing new is being committed.
    await alerting.start();
    await simulator?.start();
    mqtt?.start();
    traffic.start();
  });
  // Order matters: stop producing, push what is committed, then drop sockets so the HTTP server can close.
  app.addHook('preClose', async () => {
    await simulator?.stop();
    await mqtt?.stop();
    traffic.stop();
    alerting.stop();
    hub.stop();
    io.disconnectSockets(true);
    io.engine.close();
  });
  app.addHook('onClose', async () => {
    auth.close();
    trafficStore.close();
    alerting.close();
    await store.close();
  });
  return app;
}
