/**
 * The binary traffic frame sent on `traffic:snapshot` and `traffic:update`: the whole state of every
 * segment and lot, columnar, in the network's order. About 1.7 kB for Longgang's 1,515 segments and 60
 * lots, against about 60 kB as JSON objects per segment (bench/wire.ts). Full frames rather than
 * deltas: a lost or late frame costs nothing, the next one is complete.
 *
 * Layout, little-endian:
 *   0  u32 magic 'TRF1'      4  u32 version        8  f64 at (epoch ms)
 *   16 u32 layout hash       20 u32 segment count  24 u32 lot count
 *   28 u8 × segments: speed in km/h rounded up, 0–254; 255 = unknown
 *   then padding to an even offset, u16 × lots: occupied spaces, 0–65534; 65535 = unknown
 *
 * Speeds are rounded up because every band threshold is a whole number: v > t ⇔ ⌈v⌉ > t, so the level
 * a client computes from the frame is exactly the level of the true speed.
 */

const MAGIC = 0x31465254; // "TRF1" read as a little-endian u32
const HEADER_BYTES = 28;
export const UNKNOWN_SPEED = 255;
export const UNKNOWN_OCCUPIED = 65535;

export interface TrafficFrame {
  /** Orders frames: a client drops a frame older than the one it shows. */
  version: number;
  /** Server time of the state (epoch ms). */
  at: number;
  /** layoutHash() of the network the frame is ordered by: a client with another network must refetch. */
  layout: number;
  /** km/h per segment in network order, NaN = unknown. */
  speeds: ArrayLike<number>;
  /** Occupied spaces per lot in network order, NaN = unknown. */
  occupied: ArrayLike<number>;
}

/** A decoded frame: speeds as sent (whole km/h), NaN where unknown. */
export interface DecodedTrafficFrame extends TrafficFrame {
  speeds: Float64Array;
  occupied: Float64Array;
}

/** FNV-1a over the ids in order, so both sides can tell they index the same segments and lots. */
export function layoutHash(segmentIds: readonly string[], lotIds: readonly string[]): number {
  let h = 0x811c9dc5;
  for (const id of [...segmentIds, '|', ...lotIds]) {
    for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 10, 0x01000193);
  }
  return h >>> 0;
}

/** Encodes a frame into a fresh ArrayBuffer-backed Uint8Array (Socket.IO sends it as one binary attachment). */
export function encodeTrafficFrame(frame: TrafficFrame): Uint8Array {
  const n = frame.speeds.length;
  const m = frame.occupied.length;
  const lotsAt = HEADER_BYTES + n + ((HEADER_BYTES + n) % 2);
  const bytes = new Uint8Array(lotsAt + m * 2);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, frame.version >>> 0, true);
  view.setFloat64(8, frame.at, true);
  view.setUint32(16, frame.layout >>> 0, true);
  view.setUint32(20, n, true);
  view.setUint32(24, m, true);
  for (let i = 0; i < n; i++) {
    const v = frame.speeds[i] ?? Number.NaN;
    bytes[HEADER_BYTES + i] = Number.isNaN(v) ? UNKNOWN_SPEED : Math.min(254, Math.ceil(Math.max(0, v)));
  }
  for (let j = 0; j < m; j++) {
    const o = frame.occupied[j] ?? Number.NaN;
    const value = Number.isNaN(o) ? UNKNOWN_OCCUPIED : Math.min(65534, Math.round(Math.max(0, o)));
    view.setUint16(lotsAt + j * 2, value, true);
  }
  return bytes;
}

/** Decodes a frame from whatever Socket.IO delivered (ArrayBuffer in browsers, Buffer in Node). */
export function decodeTrafficFrame(data: ArrayBuffer | ArrayBufferView): DecodedTrafficFrame {
  const bytes = ArrayBuffer.isView(data)
    ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    : new Uint8Array(data);
  if (bytes.byteLength < HEADER_BYTES) throw new Error(`traffic frame too short: ${bytes.byteLength} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) throw new Error('not a traffic frame (bad magic)');
  const n = view.getUint32(20, true);
  const m = view.getUint32(24, true);
  const lotsAt = HEADER_BYTES + n + ((HEADER_BYTES + n) % 2);
  if (bytes.byteLength < lotsAt + m * 2) throw new Error('traffic frame truncated');
  const speeds = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const b = bytes[HEADER_BYTES + i]!;
    speeds[i] = b === UNKNOWN_SPEED ? Number.NaN : b;
  }
  const occupied = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const o = view.getUint16(lotsAt + j * 2, true);
    occupied[j] = o === UNKNOWN_OCCUPIED ? Number.NaN : o;
  }
  return {
    version: view.getUint32(4, true),
    at: view.getFloat64(8, true),
    layout: view.getUint32(16, true),
    speeds,
    occupied,
  };
}
