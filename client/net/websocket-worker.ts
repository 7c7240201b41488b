/**
 * A WebSocket on a thread of its own (the worker side of worker-websocket.ts). A page's WebSocket
 * hands its bytes over on the page's main thread, a slice at a time: while the main thread is busy
 * (a wall starting up compiles and runs megabytes of script and sets up WebGL), a 1.5 MB snapshot
 * trickles in over seconds, though the server sent it at once. Here it is read as it arrives and
 * handed over whole, in one message.
 *
 * A socket opened early (early-socket.ts, from the page's head) holds what it hears until the page
 * adopts it, and may send the Socket.IO connect itself as soon as the server's open packet is in;
 * the page's own connect, which follows, is then not sent again.
 */
import type { FromWorker, ToWorker } from './worker-websocket';

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  close(): void;
};

let ws: WebSocket | null = null;
/** What the socket heard before the page adopted it (an early socket's), in order. */
let held: FromWorker[] | null = null;
/** The connect to send once the server's open packet is in. */
let connectFirst: string | null = null;
/** The connect was sent from here: the page's own, its first packet, is dropped. */
let connectSent = false;

function tell(message: FromWorker): void {
  if (held) held.push(message);
  else if (message.type === 'message' && typeof message.data !== 'string')
    scope.postMessage(message, [message.data]);
  else scope.postMessage(message);
}

/** Socket.IO's connect to the main namespace, as engine.io sends it ("4" message, "0" connect, no "/nsp,"). */
function isMainConnect(data: ToWorker & { type: 'send' }): boolean {
  return typeof data.data === 'string' && data.data.startsWith('40') && !data.data.startsWith('40/');
}

scope.onmessage = ({ data: message }) => {
  if (message.type === 'open') {
    held = message.hold ? [] : null;
    connectFirst = message.connect ?? null;
    const socket = new WebSocket(message.url);
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => tell({ type: 'open', at: performance.timeOrigin + performance.now() });
    socket.onmessage = (event: MessageEvent<string | ArrayBuffer>) => {
      tell({ type: 'message', data: event.data });
      if (connectFirst !== null) {
        socket.send(connectFirst);
        connectFirst = null;
        connectSent = true;
      }
    };
    socket.onerror = () => tell({ type: 'error' });
    socket.onclose = (event) => {
      tell({ type: 'close', code: event.code, reason: event.reason, wasClean: event.wasClean });
      // Nothing more will come: the thread ends with its socket, once the page has heard it all.
      if (!held) scope.close();
    };
    ws = socket;
  } else if (message.type === 'adopt') {
    const heard = held ?? [];
    held = null;
    for (const m of heard) tell(m);
    if (heard.at(-1)?.type === 'close') scope.close();
  } else if (message.type === 'send') {
    if (connectSent && isMainConnect(message)) {
      connectSent = false;
      return;
    }
    connectSent = false;
    ws?.send(message.data);
  } else {
    ws?.close();
  }
};
