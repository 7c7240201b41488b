import { ScatterplotLayer } from '@deck.gl/layers';
import { categoryById } from '../../../shared/domain/categories';
import type { GridEvent } from '../../../shared/schemas/event';

const FALLBACK: [number, number, number] = [200, 200, 200];

/** Live event points coloured by category; `version` tells deck.gl when the array's contents changed. */
export function eventLayer(events: GridEvent[], version: number, pickable = false) {
  return new ScatterplotLayer<GridEvent>({
    id: 'events',
    data: events,
    getPosition: (e) => [e.lon, e.lat],
    getFillColor: (e) => [...(categoryById(e.category)?.color ?? FALLBACK), 230],
    getLineColor: [10, 20, 30, 255],
    getRadius: (e) => (e.severity === 'critical' ? 9 : e.severity === 'high' ? 7 : 5),
    radiusUnits: 'pixels',
    stroked: true,
    lineWidthMinPixels: 1,
    updateTriggers: { getFillColor: version, getRadius: version },
    pickable,
  });
}
