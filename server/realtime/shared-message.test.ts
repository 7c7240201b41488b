import { Decoder, Encoder, PacketType } from 'socket.io-parser';
import { describe, expect, it } from 'vitest';
import { makeEvent } from '../../tests/fixtures/events';
import { sharedMessage } from './shared-message';

describe('sharedMessage', () => {
  const batch = { fromSeq: 3, seq: 4, at: 1234, events: [makeEvent('a'), makeEvent('b')] };

  it('encodes exactly as Socket.IO would for an event on the main namespace', () => {
    const [expected] = new Encoder().encode({
      type: PacketType.EVENT,
      nsp: '/',
      data: ['sync:batch', batch],
    });
    const message = sharedMessage('sync:batch', batch);
    expect(message.data).toBe(expected);
    const decoded: unknown[] = [];
    const decoder = new Decoder();
    decoder.on('decoded', (packet: { data?: unknown }) => {
      decoded.push(packet.data);
    });
    decoder.add(message.data);
    expect(decoded).toEqual([['sync:batch', batch]]);
  });

  it('encodes a payload once, however many sockets it is written to', () => {
    const first = sharedMessage('sync:batch', batch);
    expect(sharedMessage('sync:batch', batch)).toBe(first);
    // A pre-built WebSocket text frame: FIN + opcode 1, unmasked, carrying "4" + the packet.
    const frame = first.options.wsPreEncodedFrame as Buffer[];
    expect(frame[0]![0]).toBe(0x81);
    expect(Buffer.concat(frame.slice(1)).toString()).toBe(`4${first.data}`);
  });
});

describe('coalesceWrites', () => {
  it('delivers a burst of shared and ordinary messages in order over a corked websocket', async () => {
    const { createServer } = await import('node:http');
    const { Server } = await import('socket.io');
    const { io: connect } = await import('socket.io-client');
    const { coalesceWrites, emitShared } = await import('./shared-message');
    const http = createServer();
    const server = new Server(http, { transports: ['websocket'] });
    server.engine.on('connection', coalesceWrites);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const port = (http.address() as { port: number }).port;
    const client = connect(`http://127.0.0.1:${port}`, { transports: ['websocket'], forceNew: true });
    try {
      const [serverSocket] = await Promise.all([
        new Promise<import('socket.io').Socket>((resolve) => server.on('connection', resolve)),
        new Promise((resolve) => client.on('connect', () => resolve(null))),
      ]);
      expect((serverSocket.conn.transport as unknown as { coalesced?: boolean }).coalesced).toBe(true);
      const got: unknown[] = [];
      const done = new Promise<void>((resolve) =>
        client.onAny((event, payload) => {
          got.push([event, payload]);
          if (got.length === 6) resolve();
        }),
      );
      const batch = { fromSeq: 1, seq: 1, at: 1, events: [makeEvent('x')] };
      emitShared(serverSocket, 'sync:batch', batch);
      for (let i = 0; i < 4; i++) serverSocket.emit('alert:changes', [{ i }] as never);
      emitShared(serverSocket, 'sync:heartbeat', { seq: 1, at: 2 });
      await done;
      expect(got).toEqual([
        ['sync:batch', batch],
        ...[0, 1, 2, 3].map((i) => ['alert:changes', [{ i }]]),
        ['sync:heartbeat', { seq: 1, at: 2 }],
      ]);
    } finally {
      client.disconnect();
      await server.close();
    }
  });
});
