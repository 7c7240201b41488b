import { ScatterplotLayer } from '@deck.gl/layers';
import { categoryById } from '../../../shared/domain/categories';
import { type SlaState, slaState } from '../../../shared/domain/sla';
import type { GridEvent } from '../../../shared/schemas/event';

const FALLBACK: [number, number, number] = [200, 200, 200];

/** The ring around an event by its handling deadline: shared by the layer and the wall's legend. */
export const SLA_RING: Record<SlaState, { color: [number, number, number, number]; width: number }> = {
  none: { color: [10, 20, 30, 255], width: 1 },
  ok: { color: [10, 20, 30, 255], width: 1 },
  near: { color: [255, 179, 0, 255], width: 2.5 },
  overdue: { color: [255, 82, 82, 255], width: 3 },
};

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
    getFillColor: (e) => [...(categoryById(e.category)?.color ?? FALLBACK), 230],
    getLineColor: (e) => ring(e).color,
    getLineWidth: (e) => ring(e).width,
    lineWidthUnits: 'pixels',
    getRadius: (e) => (e.severity === 'critical' ? 9 : e.severity === 'high' ? 7 : 5),
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
