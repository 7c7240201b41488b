import { WebSocket as WebSocketTransport } from 'engine.io-client';
import { newSocketWorker, takeEarlySocket } from './early-socket';

/** What the page asks of its socket's worker (client/net/websocket-worker.ts). */
export type ToWorker =
  /**
   * hold: keep what comes until `adopt` (an early socket, early-socket.ts); connect: an engine.io
   * packet to send as soon as the server's open packet is in (Socket.IO's connect).
   */
  | { type: 'open'; url: string; hold?: boolean; connect?: string }
  /** The page's socket takes over an early socket: what was held comes now, in order. */
  | { type: 'adopt' }
  | { type: 'send'; data: string | ArrayBuffer | ArrayBufferView<ArrayBuffer> }
  | { type: 'close' };

/** What the worker tells the page: its WebSocket's events, with each message's data whole. */
export type FromWorker =
  /** `at`: when the worker's socket opened (ms since the epoch, as performance.timeOrigin + now()). */
  | { type: 'open'; at: number }
  | { type: 'message'; data: string | ArrayBuffer }
  | { type: 'error' }
  | { type: 'close'; code: number; reason: string; wasClean: boolean };

/**
 * The part of a WebSocket that engine.io's WebSocket transport uses, backed by a WebSocket in a
 * worker (websocket-worker.ts says why). Binary data comes as ArrayBuffers, as engine.io asks of a
 * browser's WebSocket.
 */
class WorkerWebSocket {
  binaryType: BinaryType = 'arraybuffer';
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string | ArrayBuffer }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onclose: ((event: { code: number; reason: string; wasClean: boolean }) => void) | null = null;
  private readonly worker: Worker;
  private closed = false;

  constructor(url: string, onWorkerFailed: () => void) {
    const early = takeEarlySocket(url);
    performance.mark(early ? 'live:socket-adopted' : 'live:socket-worker-start');
    this.worker = early ?? newSocketWorker();
    this.worker.onmessage = ({ data: message }: MessageEvent<FromWorker>) => {
      if (this.closed && message.type !== 'close') return;
      if (message.type === 'open') {
        // For bench/cold-start.ts: when the socket opened, by the worker's clock, not when the page heard.
        performance.mark('live:socket-open', { startTime: message.at - performance.timeOrigin });
        this.onopen?.();
      } else if (message.type === 'message') this.onmessage?.({ data: message.data });
      else if (message.type === 'error') this.onerror?.(new Event('error'));
      else this.end(message);
    };
    // The worker's script could not be loaded or run: the connection fails like a refused socket,
    // and later connections use the page's own WebSocket (WorkerWebSocketTransport).
    this.worker.onerror = (event) => {
      event.preventDefault();
      onWorkerFailed();
      this.onerror?.(event);
      this.end({ code: 1006, reason: 'the socket worker failed', wasClean: false });
    };
    this.post(early ? { type: 'adopt' } : { type: 'open', url });
  }

  send(data: string | ArrayBuffer | ArrayBufferView<ArrayBuffer>): void {
    if (!this.closed) this.post({ type: 'send', data });
  }

  close(): void {
    // The worker closes its socket and then itself; from here on only the close event is passed on,
    // as a browser's WebSocket fires it after close().
    this.post({ type: 'close' });
    this.closed = true;
  }

  private end(event: { code: number; reason: string; wasClean: boolean }): void {
    const onclose = this.onclose;
    this.closed = true;
    this.onopen = this.onmessage = this.onerror = this.onclose = null;
    this.worker.terminate();
    onclose?.(event);
  }

  private post(message: ToWorker): void {
    this.worker.postMessage(message);
  }
}

let workerFailed = false;

/**
 * engine.io's WebSocket transport (name "websocket", the same protocol) with the socket in a worker:
 * `io({ transports: [WorkerWebSocketTransport] })`. Where a page cannot run the worker, the page's own
 * WebSocket.
 */
export class WorkerWebSocketTransport extends WebSocketTransport {
  override createSocket(
    uri: string,
    protocols: string | string[] | undefined,
    opts: Record<string, unknown>,
  ) {
    if (workerFailed || typeof Worker === 'undefined') return super.createSocket(uri, protocols, opts);
    return new WorkerWebSocket(uri, () => {
      workerFailed = true;
    });
  }
}
