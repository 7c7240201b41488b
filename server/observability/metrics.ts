import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The app's Prometheus metrics, in a registry of its own (tests run several apps in one process).
 * Default Node metrics include event-loop lag (`nodejs_eventloop_lag_seconds`).
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    ingested: new Counter({
      name: 'citybrain_events_ingested_total',
      help: 'Events committed, by source',
      labelNames: ['source'] as const,
      registers: [registry],
    }),
    rejected: new Counter({
      name: 'citybrain_events_rejected_total',
      help: 'Events refused, by reason',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    commitSeconds: new Histogram({
      name: 'citybrain_store_commit_seconds',
      help: 'Time to commit one ingest batch to the store',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    batchEvents: new Histogram({
      name: 'citybrain_live_batch_events',
      help: 'Events per live batch sent to a channel',
      buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 5000],
      registers: [registry],
    }),
    mqttMessages: new Gauge({
      name: 'citybrain_mqtt_messages',
      help: 'MQTT messages since start, by outcome (received, accepted, duplicate, failed, rejected:<reason>)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    resyncs: new Counter({
      name: 'citybrain_live_resyncs_total',
      help: 'Screens that fell so far behind (backlog over its bound) that they were sent a fresh snapshot',
      registers: [registry],
    }),
    screenAlertChanges: new Counter({
      name: 'citybrain_screen_alert_changes_total',
      help: 'Alert changes sent to the screens (alert:changes), by lifecycle action and rule; each goes to every screen',
      labelNames: ['action', 'rule'] as const,
      registers: [registry],
    }),
    clients: new Gauge({
      name: 'citybrain_socket_clients',
      help: 'Connected Socket.IO clients',
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
