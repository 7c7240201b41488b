/**
 * A WebSocket on a thread of its own (the worker side of worker-websocket.ts). A page's WebSocket
 * hands its bytes over on the page's main thread, a slice at a time: while the main thread is busy
 * (a wall starting up compiles and runs megabytes of script and sets up WebGL), a 1.5 MB snapshot
 * trickles in over seconds, though the server sent it at once. Here it is read as it arrives and
 * handed over whole, in one message.
 */
import type { FromWorker, ToWorker } from './worker-websocket';

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  close(): void;
};

let ws: WebSocket | null = null;

scope.onmessage = ({ data: message }) => {
  if (message.type === 'open') {
    const socket = new WebSocket(message.url);
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => scope.postMessage({ type: 'open', at: performance.timeOrigin + performance.now() });
    socket.onmessage = (event: MessageEvent<string | ArrayBuffer>) =>
      typeof event.data === 'string'
        ? scope.postMessage({ type: 'message', data: event.data })
        : scope.postMessage({ type: 'message', data: event.data }, [event.data]);
    socket.onerror = () => scope.postMessage({ type: 'error' });
    socket.onclose = (event) => {
      scope.postMessage({ type: 'close', code: event.code, reason: event.reason, wasClean: event.wasClean });
      // Nothing more will come: the thread ends with its socket.
      scope.close();
    };
    ws = socket;
  } else if (message.type === 'send') {
    ws?.send(message.data);
  } else {
    ws?.close();
  }
};
