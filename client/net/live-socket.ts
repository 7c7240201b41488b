import { io, type Socket } from 'socket.io-client';
import type { Scope } from '../../shared/domain/scope';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol';
import { decodeSnapshot } from '../../shared/snapshot-columns';
import type { LiveStore } from '../state/live-store';
import { displayToken } from './credentials';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * The page's one socket. On every (re)connect it says where it is (`sync:hello` with its last seq);
 * the server answers with a replay or a snapshot. A gap detected in the stream triggers the same.
 */
export function connectLive(
  store: LiveStore,
  options: { cadenceMs?: number; scope?: Scope } = {},
): LiveSocket {
  const token = displayToken();
  const socket: LiveSocket = io({
    transports: ['websocket'],
    reconnectionDelayMax: 5000,
    auth: token ? { token } : {},
  });
  let resyncing = false;
  const hello = () => {
    if (resyncing) return;
    resyncing = true;
    socket.emit(
      'sync:hello',
      // compact: the snapshot comes as columns (a fraction of the JSON's bytes), decoded below.
      { lastSeq: store.lastSeq, cadenceMs: options.cadenceMs, scope: options.scope, compact: true },
      (result) => {
        resyncing = false;
        if (result.ok) store.setConnection('live');
        else console.warn('sync:hello refused:', result.error.message);
      },
    );
  };
  socket.on('connect', hello);
  socket.on('disconnect', (reason) => {
    resyncing = false;
    store.setConnection('offline');
    // A server shutting down gracefully disconnects its clients on purpose, and Socket.IO then never
    // retries by itself; a wall must come back with the server. Spread out so screens do not stampede.
    if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 1000 + Math.random() * 2000);
  });
  socket.on('connect_error', () => store.setConnection('offline'));
  socket.on('sync:snapshot', (snapshot) => store.applySnapshot(snapshot));
  socket.on('sync:columns', (columns) => store.applySnapshot(decodeSnapshot(columns)));
  socket.on('sync:heartbeat', (heartbeat) => store.applyHeartbeat(heartbeat));
  socket.on('sync:batch', (batch) => {
    if (store.applyBatch(batch) === 'gap') hello();
  });
  return socket;
}
