import { describe, expect, it } from 'vitest';
import type { LivePointsData } from '../live-points';
import { copyColumn, copyPositions } from './event-layer';

/** Five rows whose every value differs, so a row copied to the wrong place shows. */
function fiveRows(): LivePointsData {
  const n = 5;
  const seq = (length: number, from: number) => Array.from({ length }, (_, i) => from + i);
  return {
    length: n,
    version: 1,
    positions: new Float32Array(seq(2 * n, 120)),
    fill: new Uint8Array(seq(4 * n, 10)),
    line: new Uint8Array(seq(4 * n, 100)),
    radius: new Float32Array(seq(n, 3)),
    lineWidth: new Float32Array(seq(n, 50)),
  };
}

const SENTINEL = 7;
/** `n` untouched values. */
const untouched = (n: number) => new Array(n).fill(SENTINEL);

describe('live point layer updaters', () => {
  it('copy exactly the rows of a range into the attribute, each to its own row, and nothing else', () => {
    const data = fiveRows();
    const fill = { value: new Uint8Array(4 * 8).fill(SENTINEL) };
    copyColumn('fill', 4)(fill, { data, startRow: 1, endRow: 3 });
    expect(Array.from(fill.value.subarray(0, 4))).toEqual(untouched(4));
    expect(Array.from(fill.value.subarray(4, 12))).toEqual(Array.from(data.fill.subarray(4, 12)));
    expect(Array.from(fill.value.subarray(12))).toEqual(untouched(20));

    const radius = { value: new Float32Array(8).fill(SENTINEL) };
    copyColumn('radius', 1)(radius, { data, startRow: 3, endRow: 4 });
    expect(Array.from(radius.value)).toEqual([...untouched(3), 6, ...untouched(4)]);
  });

  it('stop at the data when deck.gl asks for every row (an end of Infinity), past the live points', () => {
    const data = fiveRows();
    const line = { value: new Uint8Array(4 * 8).fill(SENTINEL) };
    copyColumn('line', 4)(line, { data, startRow: 0, endRow: Number.POSITIVE_INFINITY });
    expect(Array.from(line.value.subarray(0, 20))).toEqual(Array.from(data.line));
    expect(Array.from(line.value.subarray(20))).toEqual(untouched(12));

    const widths = { value: new Float32Array(8).fill(SENTINEL) };
    copyColumn('lineWidth', 1)(widths, { data, startRow: 4, endRow: Number.POSITIVE_INFINITY });
    expect(Array.from(widths.value)).toEqual([...untouched(4), 54, ...untouched(3)]);
  });

  it('write positions as [lon, lat, 0] rows from the [lon, lat] pairs', () => {
    const data = fiveRows();
    const positions = { value: new Float64Array(3 * 8).fill(SENTINEL) };
    copyPositions(positions, { data, startRow: 2, endRow: 4 });
    expect(Array.from(positions.value.subarray(0, 6))).toEqual(untouched(6));
    expect(Array.from(positions.value.subarray(6, 12))).toEqual([124, 125, 0, 126, 127, 0]);
    expect(Array.from(positions.value.subarray(12))).toEqual(untouched(12));
  });
});
