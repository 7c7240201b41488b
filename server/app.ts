import path from 'node:path';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AppContext } from './app-context';
import { type Clock, scaledClock, systemClock } from './clock';
import type { Config } from './config';
import { EventCommands } from './events/event-commands';
import { type CityDataset, loadCityDataset } from './geo/city-dataset';
import { IngestPipeline } from './ingest/pipeline';
import { createMetrics } from './observability/metrics';
import { registerApiDocs } from './plugins/api-docs';
import { registerStaticClient } from './plugins/static-client';
import { LiveHub } from './realtime/live-hub';
import { createSocketServer } from './realtime/socket-server';
import { eventRoutes } from './routes/events';
import { gridRoutes } from './routes/grids';
import { healthRoutes } from './routes/health';
import { metricsRoutes } from './routes/metrics';
import { createSimulationSpace } from './sim/simulation-space';
import { Simulator } from './sim/simulator';
import { openSqliteStore } from './store/sqlite-store';

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
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const clock = config.simEnabled
    ? scaledClock(deps.clock ?? systemClock, config.simSpeed)
    : (deps.clock ?? systemClock);
  const now = () => clock.now();
  const dataset = deps.dataset ?? loadCityDataset(config.cityDir);
  const store = openSqliteStore(path.join(config.dataDir, 'city-brain.sqlite'));
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
    metrics,
  };
  app.decorate('ctx', ctx);

  await registerApiDocs(app);
  await app.register(healthRoutes);
  await app.register(gridRoutes);
  await app.register(eventRoutes);
  await app.register(metricsRoutes);
  await registerStaticClient(app, config.staticDir);

  app.addHook('onReady', async () => {
    hub.start();
    await simulator?.start();
  });
  // Order matters: stop producing, push what is committed, then drop sockets so the HTTP server can close.
  app.addHook('preClose', async () => {
    await simulator?.stop();
    hub.stop();
    io.disconnectSockets(true);
    io.engine.close();
  });
  app.addHook('onClose', async () => {
    await store.close();
  });
  return app;
}
