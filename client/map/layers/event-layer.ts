import type { Color } from '@deck.gl/core';
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

/**
 * The live store's open events from their typed arrays (live-points.ts), drawn as `eventLayer` draws
 * them. The data is `{ length }` read by row, and `_dataDiff` names the rows changed since the version
 * the layer holds: deck.gl then recomputes and uploads only those (a batch's 1,000 of 100,000 points).
 */
export function liveEventLayer(points: LivePoints) {
  return new ScatterplotLayer<null>({
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
