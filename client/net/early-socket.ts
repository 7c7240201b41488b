import { encodePacket } from 'engine.io-parser';
import { Encoder, PacketType } from 'socket.io-parser';
import type { SocketAuth } from '../../shared/protocol';
import type { ToWorker } from './worker-websocket';

/**
 * A wall's live socket, opened from the page's head (client/early.ts) before its main script has
 * loaded. On a cold start the main script (stores, Socket.IO) is ready only after ~1 s on a busy
 * two-core machine, and each step of the handshake then waited for it; opened here, the socket's
 * worker starts, connects and asks for the snapshot (Socket.IO's connect, with the sync request in its
 * auth) while the page is still loading, and holds what comes until the page's socket adopts it
 * (worker-websocket.ts). Nothing here may import Socket.IO's client or the page's stores: this
 * script's point is to be small.
 */

/** The socket's worker, for early-socket.ts and worker-websocket.ts alike (one URL, one bundle). */
export function newSocketWorker(): Worker {
  return new Worker(new URL('./websocket-worker.ts', import.meta.url), { name: 'live-socket' });
}

/** engine.io's WebSocket address for this page's server, as engine.io-client makes it. */
export function liveSocketUrl(location: Location = window.location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/socket.io/?EIO=4&transport=websocket`;
}

interface Early {
  url: string;
  worker: Worker;
  /** Its script could not be loaded or run. */
  failed: boolean;
}
let early: Early | null = null;
/** The page's socket has asked for its WebSocket: too late to open one early. */
let asked = false;

/**
 * Opens the live socket in its worker and has it connect with `auth` as soon as the server's open
 * packet is in; what comes is held for the page's socket (takeEarlySocket). Once per page, and
 * only before the page's own socket asked for one.
 */
export function openEarlySocket(auth: SocketAuth): void {
  if (asked || early) return;
  performance.mark('live:socket-worker-start');
  const url = liveSocketUrl();
  const worker = newSocketWorker();
  const started: Early = { url, worker, failed: false };
  worker.onerror = (event) => {
    event.preventDefault();
    started.failed = true;
  };
  // A connect with JSON auth is one text packet; engine.io frames it as a message (its callback runs at once).
  const [packet] = new Encoder().encode({ type: PacketType.CONNECT, nsp: '/', data: auth });
  let connect = '';
  encodePacket({ type: 'message', data: packet as string }, true, (encoded) => {
    connect = encoded as string;
  });
  worker.postMessage({ type: 'open', url, connect, hold: true } satisfies ToWorker);
  early = started;
}

/**
 * The early socket's worker for the page's socket to adopt, if one was opened for `url` and is
 * running; otherwise null (and an early one for another address is ended). Called once per
 * WebSocket the page's socket makes: only its first can adopt.
 */
export function takeEarlySocket(url: string): Worker | null {
  asked = true;
  const found = early;
  early = null;
  if (!found) return null;
  if (found.failed || found.url !== url) {
    found.worker.terminate();
    return null;
  }
  return found.worker;
}
