import type { Clock } from './clock';
import type { EventCommands } from './events/event-commands';
import type { CityDataset } from './geo/city-dataset';
import type { IngestPipeline } from './ingest/pipeline';
import type { Metrics } from './observability/metrics';
import type { LiveHub } from './realtime/live-hub';
import type { LiveServer } from './realtime/socket-server';
import type { Simulator } from './sim/simulator';
import type { Store } from './store/store';

/** Everything a route or plugin may need, built once per app. */
export interface AppContext {
  startedAt: number;
  clock: Clock;
  store: Store;
  hub: LiveHub;
  io: LiveServer;
  pipeline: IngestPipeline;
  commands: EventCommands;
  dataset: CityDataset;
  simulator: Simulator | null;
  metrics: Metrics;
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
}
