import type { Alerting } from './alerts/alerting';
import type { AuthStore } from './auth/auth-store';
import type { BootstrapResult } from './auth/bootstrap';
import type { Clock } from './clock';
import type { Duty } from './duty/duty';
import type { EventCommands } from './events/event-commands';
import type { CityDataset } from './geo/city-dataset';
import type { MqttIngest } from './ingest/mqtt-ingest';
import type { IngestPipeline } from './ingest/pipeline';
import type { Metrics } from './observability/metrics';
import type { LiveHub } from './realtime/live-hub';
import type { LiveServer } from './realtime/socket-server';
import type { ScaleOut } from './scale/scale-out';
import type { Simulator } from './sim/simulator';
import type { Store } from './store/store';
import type { TrafficPool } from './traffic/traffic-pool';

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
  /** The MQTT source, when MQTT_URL is set. */
  mqtt: MqttIngest | null;
  /** The traffic data pool: readings, frames to walls, rollups (`ingestTrafficObservations` for any feed). */
  traffic: TrafficPool;
  metrics: Metrics;
  auth: AuthStore;
  /** First-start secrets to print: the admin password (first start only) and the default wall's token. */
  bootstrap: BootstrapResult;
  /** Early warning: rules engine, alert store, rules config file. */
  alerting: Alerting;
  /** Who answers: responsibility lists (dispatch routing), duty roster, response plans. */
  duty: Duty;
  /** Several instances on a shared PostgreSQL (and Redis): null on the embedded SQLite store. */
  scale?: ScaleOut | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
}
