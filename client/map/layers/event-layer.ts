import type { Attribute, Color } from '@deck.gl/core';
import { ScatterplotLayer } from '@deck.gl/layers';
import { slaState } from '../../../shared/domain/sla';
import type { GridEvent } from '../../../shared/schemas/event';
import type { LivePoints, LivePointsData, RowRange } from '../live-points';
import { fillOf, POINT_ALPHA, radiusOf, SLA_RING } from './event-style';

export { SLA_RING } from './event-style';

/** Row `index` of a LivePointsData array of `size` values per row, into deck.gl's scratch `target`. */
function row(values: ArrayLike<number>, size: number, index: number, target: number[]): number[] {
  for (let k = 0; k < size; k++) target[k] = values[size * index + k]!;
  return target;
}

type RowContext = { index: number; data: LivePointsData; target: number[] };

/** The part of a deck.gl Attribute an updater writes: its CPU-side values, `size` per row. */
type AttributeValues = Pick<Attribute, 'value'>;
/** An attribute's values once allocated: a typed array (deck.gl types it as any numeric array). */
type Values = Float64Array | Float32Array | Uint8Array | Uint8ClampedArray;
type RowsUpdater = (
  attribute: AttributeValues,
  range: { data: unknown; startRow: number; endRow: number },
) => void;

/**
 * Copies rows `startRow` … `endRow - 1` of a LivePointsData column into an attribute of the same size
 * per row, as one typed-array copy. deck.gl's own updater would call an accessor and normalise its
 * value per row and attribute (5,000 calls for a batch of 1,000: most of the wall's CPU per batch in a
 * profile of the browser benchmark).
 */
export function copyColumn(column: 'fill' | 'line' | 'radius' | 'lineWidth', size: number): RowsUpdater {
  return (attribute, { data, startRow, endRow }) => {
    const points = data as LivePointsData;
    const end = Math.min(endRow, points.length);
    if (end <= startRow) return;
    (attribute.value as Values).set(points[column].subarray(size * startRow, size * end), size * startRow);
  };
}

/** Positions are [lon, lat] per row in LivePointsData and [lon, lat, 0] in the layer's attribute. */
export const copyPositions: RowsUpdater = (attribute, { data, startRow, endRow }) => {
  const { positions, length } = data as LivePointsData;
  const value = attribute.value as Values;
  for (let r = startRow, end = Math.min(endRow, length); r < end; r++) {
    value[3 * r] = positions[2 * r]!;
    value[3 * r + 1] = positions[2 * r + 1]!;
    value[3 * r + 2] = 0;
  }
};

/** Which of ScatterplotLayer's attributes takes which rows of LivePointsData. */
const UPDATERS: Record<string, RowsUpdater> = {
  instancePositions: copyPositions,
  instanceFillColors: copyColumn('fill', 4),
  instanceLineColors: copyColumn('line', 4),
  instanceRadius: copyColumn('radius', 1),
  instanceLineWidths: copyColumn('lineWidth', 1),
};

/**
 * A ScatterplotLayer whose attributes are filled from LivePointsData's typed arrays by range copies
 * (UPDATERS) instead of an accessor call per row and attribute. Its accessors still say what a row is
 * (deck.gl takes a prop that is not a function as one constant for all rows) but are not called.
 */
class LivePointLayer extends ScatterplotLayer<null> {
  static override layerName = 'LivePointLayer';

  override initializeState(): void {
    super.initializeState();
    const attributes = this.getAttributeManager()!.getAttributes();
    for (const [id, update] of Object.entries(UPDATERS)) {
      const attribute = attributes[id];
      if (!attribute) throw new Error(`ScatterplotLayer has no attribute ${id} to fill from the live points`);
      attribute.settings.update = update as NonNullable<Attribute['settings']['update']>;
    }
  }
}

/**
 * The live store's open events from their typed arrays (live-points.ts), drawn as `eventLayer` draws
 * them. The data is `{ length }` read by row, and `_dataDiff` names the rows changed since the version
 * the layer holds: deck.gl then copies and uploads only those (a batch's 1,000 of 100,000 points).
 */
export function liveEventLayer(points: LivePoints) {
  return new LivePointLayer({
    id: 'events',
    data: points.data() as unknown as null[],
    // deck.gl's type says an array, its code takes a falsy answer as "every row" (lifecycle/props.js).
    _dataDiff: (next, previous) =>
      points.rowsChanged(
        (previous as unknown as LivePointsData | undefined)?.version,
        (next as unknown as LivePointsData).version,
      ) as RowRange[],
    getPosition: (_, c) => row((c as RowContext).data.positions, 2, c.index, c.target) as [number, number],
    getFillColor: (_, c) => row((c as RowContext).data.fill, 4, c.index, c.target) as unknown as Color,
    getLineColor: (_, c) => row((c as RowContext).data.line, 4, c.index, c.target) as unknown as Color,
    getRadius: (_, c) => (c.data as unknown as LivePointsData).radius[c.index]!,
    getLineWidth: (_, c) => (c.data as unknown as LivePointsData).lineWidth[c.index]!,
    lineWidthUnits: 'pixels',
    radiusUnits: 'pixels',
    stroked: true,
    lineWidthMinPixels: 1,
    pickable: false,
  });
}

/**
 * Live event points coloured by category; `version` tells deck.gl when the array's contents changed.
 * With `now` (server time), the ring shows the deadline: amber when near, red when overdue.
 */
export function eventLayer(events: GridEvent[], version: number, pickable = false, now?: number) {
  const ring = (e: GridEvent) => SLA_RING[now === undefined ? 'ok' : slaState(e, now)];
  // Deadlines pass slowly: recolour rings at most every 10 s, not on every batch's new `now`.
  const slaTick = now === undefined ? 0 : Math.floor(now / 10_000);
  return new ScatterplotLayer<GridEvent>({
    id: 'events',
    data: events,
    getPosition: (e) => [e.lon, e.lat],
    getFillColor: (e) => [...fillOf(e), POINT_ALPHA],
    getLineColor: (e) => ring(e).color,
    getLineWidth: (e) => ring(e).width,
    lineWidthUnits: 'pixels',
    getRadius: radiusOf,
    radiusUnits: 'pixels',
    stroked: true,
    lineWidthMinPixels: 1,
    updateTriggers: {
      getFillColor: version,
      getRadius: version,
      getLineColor: [version, slaTick],
      getLineWidth: [version, slaTick],
    },
    pickable,
  });
}
