import type { AlertStore } from '../state/alert-store';
import type { LiveSocket } from './live-socket';

/**
 * Feeds the page's socket's alerts into `store`: `alerts:snapshot` on every `sync:hello`, then each
 * `alert:changes` message, and `risk:update` every few seconds.
 */
export function attachAlerts(socket: LiveSocket, store: AlertStore): void {
  socket.on('alerts:snapshot', (snapshot) => store.applySnapshot(snapshot));
  socket.on('alert:changes', (changes) => store.applyChanges(changes));
  socket.on('risk:update', (update) => store.applyRisk(update));
}
