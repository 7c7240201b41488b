import { LivePoints } from '../map/live-points';
import { attachAlerts } from '../net/alert-feed';
import { type CityData, loadCityData } from '../net/city-data';
import { connectLive } from '../net/live-socket';
import { attachPlans } from '../net/plan-feed';
import { WALL_SYNC } from '../net/sync-request';
import { attachTraffic } from '../net/traffic-socket';
import { AlertStore } from '../state/alert-store';
import { LiveStore } from '../state/live-store';
import { PlanStore } from '../state/plan-store';
import { TrafficStore } from '../state/traffic-store';

/**
 * The wall's stores and its connection, kept apart from the page's React, deck.gl and MapLibre code so
 * that main.tsx can start them from the page's first, small script: the socket's handshake, the
 * snapshot and the city data then arrive while the browser is still compiling the big bundles, instead
 * of after them (bench/cold-start.ts). Nothing here may import React, deck.gl or MapLibre.
 */

/** The wall draws and counts events, never shows one: its store keeps no event objects (see LiveStoreOptions). */
export const store = new LiveStore(undefined, { keepEvents: false });
/** The open events as typed arrays for the map, updated per batch (not rebuilt from every event). */
export const points = new LivePoints(store);
export const traffic = new TrafficStore();
export const alerts = new AlertStore();
export const plans = new PlanStore();

/** The wall's city data on its way and its socket, while the page is up. */
export interface WallSession {
  data: Promise<CityData>;
  /** Settles when the store holds the server's picture (the first snapshot or replay) or the socket failed to connect. */
  firstSync: Promise<void>;
  close(): void;
}
let session: WallSession | null = null;

/**
 * Starts the wall's requests (the city data, and the live socket with its feeds) once per page: from
 * main.tsx before the page's code is loaded when the page is the wall, so that they are on their way
 * while the browser compiles and runs that code; otherwise from the page's effect. A cold start waits
 * for both (bench/cold-start.ts).
 */
export function startWall(): WallSession {
  if (session) return session;
  // On a wall both are on their way already, from the page's head (client/early.ts): the socket adopts
  // the early one (early-socket.ts) and loadCityData takes the data asked for there.
  const socket = connectLive(store, { ...WALL_SYNC, socketInWorker: true });
  const data = loadCityData();
  // Reported by the page when it takes the promise; not an unhandled rejection before it does.
  data.catch(() => undefined);
  attachTraffic(socket, traffic);
  attachAlerts(socket, alerts);
  attachPlans(socket, plans);
  const firstSync = new Promise<void>((resolve) => {
    const done = () => {
      stop();
      socket.off('connect_error', done);
      resolve();
    };
    const stop = store.subscribe(() => {
      if (store.getSummary().lastUpdateAt !== null) done();
    });
    socket.on('connect_error', done);
  });
  const started: WallSession = {
    data,
    firstSync,
    close: () => {
      socket.close();
      if (session === started) session = null;
    },
  };
  session = started;
  return started;
}
