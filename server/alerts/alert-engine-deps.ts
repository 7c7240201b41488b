import type { RulesConfig } from '../../shared/rules/rules-config';
import type { Store } from '../store/store';
import type { AlertGeo } from './alert-geo';
import type { AlertStore } from './alert-store';

/** What the alert engine runs on: the event store it follows, its own store, the city, the clock. */
export interface AlertEngineDeps {
  events: Store;
  alerts: AlertStore;
  geo: AlertGeo;
  config: RulesConfig;
  now: () => number;
  onError: (err: unknown) => void;
  /** With several instances: only the leader evaluates rules (and so raises alerts). Default: always. */
  isLeader?: () => boolean;
  /** A monotonic clock (ms) that spaces evaluations by their cost. Default: performance.now. */
  elapsed?: () => number;
}
