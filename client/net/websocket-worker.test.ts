import { beforeAll, describe, expect, it } from 'vitest';
import type { FromWorker, ToWorker } from './worker-websocket';

/** A WebSocket stand-in: records what is sent; the test plays the server's side. */
class FakeWebSocket {
  static last: FakeWebSocket | null = null;
  binaryType = 'blob';
  sent: unknown[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string | ArrayBuffer }) => void) | null = null;
  onerror: (() => void) | null = null;
  onclose: ((event: { code: number; reason: string; wasClean: boolean }) => void) | null = null;
  constructor(readonly url: string) {
    FakeWebSocket.last = this;
  }
  send(data: unknown) {
    this.sent.push(data);
  }
  close() {}
}

/** The worker's global scope: what it posts to the page is recorded. */
const scope = {
  onmessage: null as ((event: { data: ToWorker }) => void) | null,
  posted: [] as FromWorker[],
  closed: false,
  postMessage(message: FromWorker) {
    this.posted.push(message);
  },
  close() {
    this.closed = true;
  },
};
const page = (message: ToWorker) => scope.onmessage!({ data: message });

describe('websocket-worker: an early socket', () => {
  beforeAll(async () => {
    Object.assign(globalThis, { self: scope, WebSocket: FakeWebSocket });
    await import('./websocket-worker');
  });

  it('connects as soon as the open packet is in, holds what comes until adopted, and drops the page’s own connect', () => {
    page({
      type: 'open',
      url: 'ws://host/socket.io/?EIO=4&transport=websocket',
      hold: true,
      connect: '40{"token":"t"}',
    });
    const ws = FakeWebSocket.last!;
    expect(ws.binaryType).toBe('arraybuffer');
    ws.onopen!();
    ws.onmessage!({ data: '0{"sid":"a"}' });
    // Socket.IO's connect went out on the server's open packet, before any page asked.
    expect(ws.sent).toEqual(['40{"token":"t"}']);
    ws.onmessage!({ data: '40{"sid":"b"}' });
    expect(scope.posted).toEqual([]);

    page({ type: 'adopt' });
    expect(scope.posted.map((m) => m.type)).toEqual(['open', 'message', 'message']);
    expect(scope.posted.slice(1)).toEqual([
      { type: 'message', data: '0{"sid":"a"}' },
      { type: 'message', data: '40{"sid":"b"}' },
    ]);
    // The page's engine.io heard the open packet and its Socket.IO sends its connect: not again.
    page({ type: 'send', data: '40{"token":"t"}' });
    page({ type: 'send', data: '42["sync:hello",{}]' });
    expect(ws.sent).toEqual(['40{"token":"t"}', '42["sync:hello",{}]']);
    // Later messages are passed on at once.
    ws.onmessage!({ data: '2' });
    expect(scope.posted.at(-1)).toEqual({ type: 'message', data: '2' });
  });
});
