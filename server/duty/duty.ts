import path from 'node:path';
import type { Socket } from 'socket.io';
import type { ResponsePlansFile } from '../../shared/domain/response-plan';
import type { Responsibilities } from '../../shared/domain/responsibilities';
import { packRecords } from '../../shared/record-columns';
import type { Alerting } from '../alerts/alerting';
import { asksCompact, broadcastPlanChanges } from '../alerts/screen-rooms';
import { coalesce } from '../realtime/coalesce';
import type { LiveServer } from '../realtime/socket-server';
import { loadResponsePlans, loadResponsibilities } from './city-files';
import { type DutyStore, openDutyStore } from './duty-store';
import { PlanBook } from './plan-book';

/** "Who answers": responsibility lists, duty roster and response plans, as the app holds them. */
export interface Duty {
  responsibilities: Responsibilities;
  plansFile: ResponsePlansFile;
  store: DutyStore;
  plans: PlanBook;
  /** Opens plans for live red and orange alerts that lack one; call once the alert engine has loaded. */
  start(): void;
  close(): void;
}

export interface DutyDeps {
  dataDir: string;
  /** The shared store with several instances (server/scale); else the app's SQLite file in dataDir. */
  store?: DutyStore;
  cityDir: string;
  alerting: Alerting;
  io: LiveServer;
  /** Whether a socket may see the live picture (it then gets `plans:snapshot` on `sync:hello`). */
  mayRead: (socket: Socket) => boolean;
  now: () => number;
  onError: (err: unknown) => void;
}

/**
 * Builds the duty module over the app's SQLite file (the main store must be open: its migrations
 * create the tables) and the city folder's lists and plans (an invalid file stops the server).
 * Plans follow the alert engine through its broadcast hook, as scale-out does for risk updates: only
 * an engine that commits a change broadcasts it, so with several instances only the leader opens plans.
 */
export function createDuty(deps: DutyDeps): Duty {
  const responsibilities = loadResponsibilities(deps.cityDir);
  const plansFile = loadResponsePlans(deps.cityDir);
  const store = deps.store ?? openDutyStore(path.join(deps.dataDir, 'city-brain.sqlite'));
  const { engine } = deps.alerting;
  const plans = new PlanBook({
    store,
    file: plansFile,
    now: deps.now,
    liveAlertIds: () => new Set(engine.tracked().map((a) => a.id)),
    onError: deps.onError,
  });
  plans.broadcast = coalesce((changed) => broadcastPlanChanges(deps.io, changed));
  const alertBroadcast = engine.broadcast;
  engine.broadcast = (change) => {
    alertBroadcast(change);
    plans.observe(change.alert);
  };
  deps.io.on('connection', (socket) => {
    socket.on('sync:hello', (hello: unknown) => {
      if (!deps.mayRead(socket)) return;
      const live = plans.live();
      if (asksCompact(hello))
        socket.emit('plans:snapshot-columns', { at: deps.now(), plans: packRecords(live) });
      else socket.emit('plans:snapshot', { at: deps.now(), plans: live });
    });
  });
  return {
    responsibilities,
    plansFile,
    store,
    plans,
    start: () => plans.sync(engine.tracked()),
    close: () => store.close(),
  };
}
