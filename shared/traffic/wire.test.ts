import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { levelOfSpeed, ROAD_CLASSES } from './speed-bands';
import { decodeTrafficFrame, encodeTrafficFrame, layoutHash } from './wire';

describe('binary traffic frame', () => {
  it('round-trips header, speeds (rounded up), unknowns and occupancy', () => {
    const frame = {
      version: 42,
      at: 1_790_000_000_123,
      layout: layoutHash(['R1', 'R2'], ['P1']),
      speeds: [0, 64.2, 65.01, Number.NaN, 300],
      occupied: [0, Number.NaN, 70_000, 12.4],
    };
    const bytes = encodeTrafficFrame(frame);
    expect(bytes.byteLength).toBe(28 + 5 + 1 + 4 * 2); // header, speeds, padding, u16 lots
    const back = decodeTrafficFrame(bytes);
    expect(back.version).toBe(42);
    expect(back.at).toBe(frame.at);
    expect(back.layout).toBe(frame.layout);
    expect([...back.speeds]).toEqual([0, 65, 66, Number.NaN, 254]);
    expect([...back.occupied]).toEqual([0, Number.NaN, 65534, 12]);
  });

  it('decodes from a Node Buffer that sits at an offset in a larger pool (as Socket.IO delivers it)', () => {
    const bytes = encodeTrafficFrame({ version: 1, at: 5, layout: 7, speeds: [10, 20], occupied: [3] });
    const buffer = Buffer.concat([Buffer.alloc(3), Buffer.from(bytes)]).subarray(3);
    expect([...decodeTrafficFrame(buffer).speeds]).toEqual([10, 20]);
    expect(() => decodeTrafficFrame(new Uint8Array(10))).toThrow(/too short/);
    expect(() => decodeTrafficFrame(bytes.slice(0, 29))).toThrow(/truncated/);
  });

  it('keeps every speed in its band for every road class (⌈v⌉ preserves v > t for whole t)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 200, noNaN: true }), { maxLength: 50 }), (speeds) => {
        const back = decodeTrafficFrame(
          encodeTrafficFrame({ version: 0, at: 0, layout: 0, speeds, occupied: [] }),
        );
        for (const c of ROAD_CLASSES) {
          for (const [i, v] of speeds.entries())
            expect(levelOfSpeed(back.speeds[i]!, c)).toBe(levelOfSpeed(v, c));
        }
      }),
    );
  });

  it('layoutHash changes with the order of ids', () => {
    expect(layoutHash(['A', 'B'], [])).not.toBe(layoutHash(['B', 'A'], []));
    expect(layoutHash(['A'], ['B'])).not.toBe(layoutHash(['A', 'B'], []));
  });
});
