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
