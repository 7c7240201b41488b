import { ScatterplotLayer } from '@deck.gl/layers';
import { slaState } from '../../../shared/domain/sla';
import type { GridEvent } from '../../../shared/schemas/event';
import type { LivePoints } from '../live-points';
import { fillOf, POINT_ALPHA, radiusOf, SLA_RING } from './event-style';

export { SLA_RING } from './event-style';

/**
 * The live store's open events from their typed arrays (live-points.ts), drawn as `eventLayer` draws
 * them: a batch uploads the arrays once, with no per-object accessor calls.
 */
export function liveEventLayer(points: LivePoints) {
  return new ScatterplotLayer({
    id: 'events',
    data: points.data(),
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
