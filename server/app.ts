import path from 'node:path';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { attachAlertSocket } from './alerts/alert-socket';
import { createAlerting } from './alerts/alerting';
import { trafficSignalsOf } from './alerts/traffic-signals';
import type { AppContext } from './app-context';
import { openAuthStore } from './auth/auth-store';
import { bootstrapAuth } from './auth/bootstrap';
import { actorOf, holds, type Principal } from './auth/principal';
import { type Clock, scaledClock, systemClock } from './clock';
import type { Config } from './config';
import { dispatchGuard } from './duty/dispatch-guard';
import { createDuty } from './duty/duty';
import { dutyRoutes } from './duty/duty-routes';
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
import { LiveHub, type LiveHubOptions } from './realtime/live-hub';
import { createSocketServer } from './realtime/socket-server';
import { alertRoutes } from './routes/alerts';
import { authRoutes } from './routes/auth';
import { eventRoutes } from './routes/events';
import { gridRoutes } from './routes/grids';
import { handoverRoutes } from './routes/handover';
import { healthRoutes } from './routes/health';
import { metricsRoutes } from './routes/metrics';
import { ruleRoutes } from './routes/rules';
import { statsRoutes } from './routes/stats';
import { trafficRoutes } from './routes/traffic';
import { ScaleOut } from './scale/scale-out';
import { historyStart, writeSimulatedHistory } from './sim/history';
import { createSimulationSpace } from './sim/simulation-space';
import { Simulator } from './sim/simulator';
import { startChangeLogPruner } from './store/change-log-pruner';
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
  // DATABASE_URL: events live in the shared PostgreSQL (several instances, docs/deploy.md); else SQLite.
  const scale = config.databaseUrl ? await ScaleOut.open(config.databaseUrl, config.redisUrl, app.log) : null;
  const sqliteFile = path.join(config.dataDir, 'city-brain.sqlite');
  const store = scale?.store ?? openSqliteStore(sqliteFile);
  // Accounts and the audit log: shared in PostgreSQL with several instances, else DATA_DIR/auth.sqlite.
  const auth = scale ? await scale.openAuthStore() : openAuthStore(path.join(config.dataDir, 'auth.sqlite'));
  const bootstrap = await bootstrapAuth(auth, config.dataDir, Date.now());
  // The embedded default's first start: the simulated city's last hours, before anything follows the
  // store (not with a shared database: there the instances would each write one).
  if (config.simEnabled && config.simHistoryHours > 0 && !scale && (await store.currentSeq()) === 0) {
    const started = Date.now();
    app.log.info("simulator: first start, writing the city's recent history…");
    const { changes } = await writeSimulatedHistory({
      store,
      geography: dataset,
      space: createSimulationSpace(dataset, config.simWeather),
      seed: config.simSeed,
      eventsPerDay: config.simEventsPerDay,
      from: historyStart(now(), dataset.city.timezone, config.simHistoryHours),
      now: now(),
    });
    const seconds = (Date.now() - started) / 1000;
    app.log.info({ changes, seconds }, "simulator: wrote the city's recent history");
  }
  const startSeq = await store.currentSeq();
  const metrics = createMetrics();
  const hubOptions: LiveHubOptions = {
    flushMs: config.flushMs,
    maxBacklog: 256,
    maxBacklogBytes: 32 * 1024 * 1024,
    heartbeatMs: 2000,
    now,
    startSeq,
    onBatch: (batch) => metrics.batchEvents.observe(batch.events.length),
  };
  // With a shared database every instance's hub follows the one change log, in global seq order.
  const hub = scale?.createHub(hubOptions) ?? new LiveHub(hubOptions);
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
    onResync: () => metrics.resyncs.inc(),
    // `ctx` is assembled below; the check runs only once the server takes commands.
    dispatchCheck: (actor, assignee, note) => dispatchGuard(ctx, actor, assignee, note),
  });
  scale?.linkSockets(io);
  const simulator = config.simEnabled
    ? new Simulator({
        clock,
        seed: config.simSeed,
        eventsPerDay: config.simEventsPerDay,
        space: createSimulationSpace(dataset, config.simWeather),
        ingest: (inputs) => pipeline.ingest(inputs),
        act: (id, action, input) => commands.act(id, action, input),
        openEvents: async () => (await store.snapshot(config.snapshotLimit)).events,
        onError: (err) => app.log.error({ err }, 'simulator tick failed'),
      })
    : null;
  const mqtt = createMqttIngest(
    config,
    (inputs) => pipeline.ingest(inputs),
    app.log,
    // `traffic` is built just below; MQTT starts only once the app is ready.
    (items) => traffic.ingestTrafficObservations(items, 'mqtt'),
  );
  // Opened after the main store: its migrations create the traffic tables.
  // Several instances: rollups in the shared PostgreSQL, so history reads the same everywhere.
  const trafficStore = scale
    ? await scale.openTrafficStore()
    : openTrafficStore(path.join(config.dataDir, 'city-brain.sqlite'));
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
    // Several instances: one shared alert book, written by the leader only.
    ...(scale ? { isLeader: () => scale.isLeader(), alertStore: scale.openAlertStore() } : {}),
  });
  const principalOfSocket = (socket: { data: { principal?: unknown } }) => socket.data.principal as Principal;
  const alertSocket = attachAlertSocket(
    io,
    alerting.engine,
    alerting.store,
    {
      mayRead: (socket) => holds(principalOfSocket(socket), 'live:read'),
      may: (socket, permission) => holds(principalOfSocket(socket), permission),
      actorOf: (socket) => actorOf(principalOfSocket(socket)),
    },
    now,
    (changes) => {
      for (const c of changes)
        metrics.screenAlertChanges.inc({ action: c.transition.action, rule: c.alert.rule });
    },
  );
  scale?.attachAlerting(alerting);
  scale?.attachTraffic(traffic);
  // After the alert socket: plans follow the engine's broadcasts (server/duty/duty.ts).
  const duty = createDuty({
    dataDir: config.dataDir,
    ...(scale ? { store: await scale.openDutyStore() } : {}),
    cityDir: config.cityDir,
    alerting,
    io,
    mayRead: (socket) => holds(principalOfSocket(socket), 'live:read'),
    now,
    onError: (err) => app.log.error({ err }, 'response plans failed'),
  });

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
    duty,
    scale,
  };
  app.decorate('ctx', ctx);

  registerValidation(app);
  await registerHardening(app);
  await app.register(authPlugin, { store: auth, now: () => Date.now() });
  await registerApiDocs(app);
  await app.register(authRoutes, { store: auth });
  await app.register(healthRoutes);
  await app.register(gridRoutes);
  await app.register(eventRoutes, { ingestRateLimitPerMin: config.ingestRateLimitPerMin });
  await app.register(metricsRoutes);
  await app.register(handoverRoutes);
  await app.register(open311Routes);
  await app.register(trafficRoutes);
  await app.register(alertRoutes);
  await app.register(ruleRoutes);
  await app.register(statsRoutes);
  await app.register(dutyRoutes);
  await registerStaticClient(app, config.staticDir);

  // The traffic rule reads district TPI, heavy segments and parking from the pool every few seconds.
  let trafficToRules: ReturnType<typeof setInterval> | undefined;
  let stopPruning = () => {};
  app.addHook('onReady', async () => {
    stopPruning = startChangeLogPruner(store, now, (err) =>
      app.log.warn({ err }, 'change log: pruning failed'),
    );
    trafficToRules = setInterval(
      () => alerting.engine.setTraffic(trafficSignalsOf(traffic.stateJson())),
      5000,
    );
    trafficToRules.unref();
    hub.start();
    // Before the simulator: the engine loads and warm-starts while nothing new is being committed.
    await alerting.start();
    duty.start();
    if (scale) {
      // Only the leader simulates; leadership moves when an instance dies or stops.
      scale.onLeaderChange((leader) => {
        const step = leader ? simulator?.start() : simulator?.stop();
        step?.catch((err) => app.log.error({ err }, 'simulator start/stop failed'));
      });
      scale.start();
    } else {
      await simulator?.start();
    }
    mqtt?.start();
    traffic.start();
  });
  // Order matters: stop producing, push what is committed, then drop sockets so the HTTP server can close.
  app.addHook('preClose', async () => {
    clearInterval(trafficToRules);
    stopPruning();
    alertSocket.stop();
    await simulator?.stop();
    await mqtt?.stop();
    traffic.stop();
    alerting.stop();
    // Step down first, so that another instance leads at once.
    await scale?.stop();
    hub.stop();
    io.disconnectSockets(true);
    io.engine.close();
  });
  app.addHook('onClose', async () => {
    auth.close();
    trafficStore.close();
    alerting.close();
    duty.close();
    await (scale ? scale.close() : store.close());
  });
  return app;
}
