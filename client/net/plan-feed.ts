import { unpackRecords } from '../../shared/record-columns';
import type { PlanStore } from '../state/plan-store';
import type { LiveSocket } from './live-socket';

/**
 * Feeds the page's socket's response plans into `store`: `plans:snapshot` on every hello, then
 * `plan:changes` (as columns when the socket asked `compact`, as the pages' sockets do).
 */
export function attachPlans(socket: LiveSocket, store: PlanStore): void {
  socket.on('plans:snapshot', (snapshot) => store.applySnapshot(snapshot.plans));
  socket.on('plan:changes', (plans) => store.applyChanges(plans));
  socket.on('plans:snapshot-columns', (snapshot) => store.applySnapshot(unpackRecords(snapshot.plans)));
  socket.on('plan:changes-columns', (plans) => store.applyChanges(unpackRecords(plans)));
}
