import path from 'node:path';
import type { CityDataset } from '../geo/city-dataset';
import type { LiveHub } from '../realtime/live-hub';
import type { Store } from '../store/store';
import { AlertEngine } from './alert-engine';
import { type AlertGeo, buildAlertGeo } from './alert-geo';
import type { AlertStore } from './alert-store';
import { RulesConfigFile } from './rules-config-file';
import { openSqliteAlertStore } from './sqlite-alert-store';

/** The early-warning subsystem as the app holds it. */
export interface Alerting {
  engine: AlertEngine;
  store: AlertStore;
  rulesFile: RulesConfigFile;
  geo: AlertGeo;
  /** Loads state, follows committed changes and starts the timers. */
  start(): Promise<void>;
  stop(): void;
  close(): void;
}

export interface AlertingDeps {
  dataDir: string;
  cityDir: string;
  events: Store;
  hub: LiveHub;
  dataset: CityDataset;
  now: () => number;
  onError: (err: unknown) => void;
  /** With several instances: only the leader evaluates rules. */
  isLeader?: () => boolean;
  /** A shared alert store (PostgreSQL, with several instances) instead of the SQLite file's. */
  alertStore?: AlertStore;
}

/**
 * Builds the alert engine over the app's SQLite file (the main store must be open: its migrations
 * create the alert tables) and the rules config (a bad file stops the server with every problem named).
 */
export function createAlerting(deps: AlertingDeps): Alerting {
  const rulesFile = new RulesConfigFile(deps.cityDir, deps.dataDir);
  const store = deps.alertStore ?? openSqliteAlertStore(path.join(deps.dataDir, 'city-brain.sqlite'));
  const geo = buildAlertGeo(deps.dataset);
  const engine = new AlertEngine({
    events: deps.events,
    alerts: store,
    geo,
    config: rulesFile.config,
    now: deps.now,
    onError: deps.onError,
    isLeader: deps.isLeader,
  });
  let unsubscribe: (() => void) | null = null;
  return {
    engine,
    store,
    rulesFile,
    geo,
    start: async () => {
      // Follow the hub first so nothing committed during the warm start is missed.
      unsubscribe = deps.hub.onPublish((changes) => engine.observe(changes.map((c) => c.event)));
      await engine.load();
      engine.start();
    },
    stop: () => {
      unsubscribe?.();
      engine.stop();
    },
    close: () => store.close(),
  };
}
