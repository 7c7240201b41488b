import type { Socket } from 'socket.io';
import * as ws from 'ws';

/**
 * A Socket.IO event encoded once and written as-is to every socket that gets it: the JSON text and, for
 * the websocket transport, the whole WebSocket frame, as Socket.IO's own room broadcast does. The hub
 * hands the same batch object to every subscriber of a channel, so a batch costs one JSON encoding and
 * one frame however many screens follow it (before, `socket.emit` encoded it again for each).
 */
export interface SharedMessage {
  readonly event: string;
  /** The Socket.IO packet as text (`2["event",payload]`), without the Engine.IO type prefix. */
  readonly data: string;
  /** Engine.IO send options; `wsPreEncodedFrame` lets the websocket transport skip its own framing. */
  readonly options: { wsPreEncodedFrame?: unknown; compress?: boolean };
}

type FrameFn = (data: Buffer, options: Record<string, unknown>) => unknown;
// ws's own framing (the ESM build exports Sender by name; the class has no `Sender` property there).
const frame: FrameFn | undefined = (ws as unknown as { Sender?: { frame?: FrameFn } }).Sender?.frame?.bind(
  (ws as unknown as { Sender: unknown }).Sender,
);

/** Socket.IO's EVENT packet type. */
const EVENT = 2;

const cache = new WeakMap<object, SharedMessage>();

/**
 * The encoding of `event` carrying `payload` (plain JSON, no binary) on the main namespace, computed on
 * first use and remembered for as long as the payload object lives.
 */
export function sharedMessage(event: string, payload: object): SharedMessage {
  const known = cache.get(payload);
  if (known && known.event === event) return known;
  // Exactly what socket.io-parser's encoder writes for a non-binary event without an ack on "/".
  const data = `${EVENT}${JSON.stringify([event, payload])}`;
  const options: SharedMessage['options'] = {};
  if (frame) {
    // "4" is Engine.IO's message packet type; a server's frames are unmasked text frames.
    options.wsPreEncodedFrame = frame(Buffer.from(`4${data}`), {
      readOnly: false,
      mask: false,
      rsv1: false,
      opcode: 1,
      fin: true,
    });
  }
  const message = { event, data, options };
  cache.set(payload, message);
  return message;
}

/** Writes `event` with `payload` to `socket`, encoded once for all sockets it is written to. */
export function emitShared(socket: Socket, event: string, payload: object): void {
  if (!socket.connected) return;
  // Another namespace prefixes its packets; none of the live stream's sockets use one, but stay correct.
  if (socket.nsp.name !== '/') {
    (socket.emit as (ev: string, ...args: unknown[]) => boolean)(event, payload);
    return;
  }
  const message = sharedMessage(event, payload);
  socket.conn.write(message.data, message.options as never);
}

type Corkable = { cork(): void; uncork(): void };
type EngineConn = Socket['conn'];

/**
 * Makes the websocket transport hand each flush of queued packets to the kernel in one write: engine.io
 * writes a frame per packet and ws corks each frame alone, so a burst (a batch, then several alert
 * changes the same tick) cost one syscall per packet per screen. Corking the TCP socket around the
 * whole flush sends them together; nothing is delayed past the current call.
 */
export function coalesceWrites(conn: EngineConn): void {
  const wrap = () => {
    const transport = conn.transport as unknown as {
      name: string;
      send(packets: unknown[]): void;
      socket?: { _socket?: Partial<Corkable> };
      coalesced?: boolean;
    };
    const raw = transport.socket?._socket;
    if (transport.name !== 'websocket' || transport.coalesced || !raw?.cork || !raw.uncork) return;
    const tcp = raw as Corkable;
    const send = transport.send.bind(transport);
    transport.coalesced = true;
    transport.send = (packets) => {
      if (packets.length < 2) return send(packets);
      tcp.cork();
      try {
        send(packets);
      } finally {
        tcp.uncork();
      }
    };
  };
  wrap();
  conn.on('upgrade', wrap);
}
