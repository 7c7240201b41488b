import { unpackRecords } from '../../shared/record-columns';
import type { AlertStore } from '../state/alert-store';
import type { LiveSocket } from './live-socket';

/**
 * Feeds the page's socket's alerts into `store`: `alerts:snapshot` on every `sync:hello`, then each
 * `alert:changes` message, and `risk:update` every few seconds (the first two as columns when the
 * socket asked `compact`, as the pages' sockets do).
 */
export function attachAlerts(socket: LiveSocket, store: AlertStore): void {
  socket.on('alerts:snapshot', (snapshot) => store.applySnapshot(snapshot));
  socket.on('alert:changes', (changes) => store.applyChanges(changes));
  socket.on('alerts:snapshot-columns', (snapshot) =>
    store.applySnapshot({ ...snapshot, alerts: unpackRecords(snapshot.alerts) }),
  );
  socket.on('alert:changes-columns', (changes) => store.applyChanges(unpackRecords(changes)));
  socket.on('risk:update', (update) => store.applyRisk(update));
}
