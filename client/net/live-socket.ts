import { io, type Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  ServerToClientEvents,
  SyncRequest,
  SyncResult,
} from '../../shared/protocol';
import type { ApplyResult, LiveStore } from '../state/live-store';
import { displayToken } from './credentials';
import { type SyncOptions, socketAuth, syncRequest } from './sync-request';
import { WorkerWebSocketTransport } from './worker-websocket';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * The page's one socket. On every (re)connect it says where it is (its sync request, with its last
 * seq, rides the handshake: SocketAuth.hello); the server answers with a replay or a snapshot, then
 * `sync:welcome`. A gap detected in the stream asks again with `sync:hello`.
 */
export function connectLive(
  store: LiveStore,
  options: SyncOptions & {
    /**
     * The WebSocket in a worker (worker-websocket.ts): the snapshot arrives whole while the page's
     * main thread is busy, as a wall's is on a cold start.
     */
    socketInWorker?: boolean;
  } = {},
): LiveSocket {
  const token = displayToken();
  const request = (): SyncRequest => syncRequest(store.lastSeq, options);
  const socket: LiveSocket = io({
    transports: options.socketInWorker ? [WorkerWebSocketTransport] : ['websocket'],
    reconnectionDelayMax: 5000,
    // A function, so that each reconnection sends the seq the store has reached by then.
    auth: (send) => send(socketAuth(token, request())),
  });
  /** A sync request is under way (the handshake's or a `sync:hello`): a gap meanwhile asks nothing more. */
  let resyncing = false;
  const answered = (result: SyncResult) => {
    resyncing = false;
    if (result.ok) store.setConnection('live');
    else console.warn('sync:hello refused:', result.error.message);
  };
  const hello = () => {
    if (resyncing) return;
    resyncing = true;
    socket.emit('sync:hello', request(), answered);
  };
  socket.on('sync:welcome', answered);
  // Performance marks (first time only) so the cold-start benchmark can say where the time goes.
  const marked = new Set<string>();
  const mark = (name: string) => {
    if (marked.has(name)) return;
    marked.add(name);
    performance.mark(name);
  };
  socket.on('connect', () => {
    mark('live:connected');
    // The handshake's request is under way; `sync:welcome` answers it.
    resyncing = true;
  });
  socket.on('disconnect', (reason) => {
    resyncing = false;
    store.setConnection('offline');
    // A server shutting down gracefully disconnects its clients on purpose, and Socket.IO then never
    // retries by itself; a wall must come back with the server. Spread out so screens do not stampede.
    if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 1000 + Math.random() * 2000);
  });
  socket.on('connect_error', () => store.setConnection('offline'));
  socket.on('sync:snapshot', (snapshot) => {
    mark('live:snapshot-received');
    store.applySnapshot(snapshot);
    mark('live:snapshot-applied');
  });
  socket.on('sync:columns', (columns) => {
    mark('live:snapshot-received');
    store.applySnapshotColumns(columns);
    mark('live:snapshot-applied');
  });
  socket.on('sync:heartbeat', (heartbeat) => store.applyHeartbeat(heartbeat));
  const applied = (result: ApplyResult) => {
    if (result === 'applied') mark('live:first-batch-applied');
    if (result === 'gap') hello();
  };
  socket.on('sync:batch', (batch) => applied(store.applyBatch(batch)));
  socket.on('sync:batch-columns', (columns) => applied(store.applyBatchColumns(columns)));
  return socket;
}
