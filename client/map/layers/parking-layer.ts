import { ScatterplotLayer } from '@deck.gl/layers';

export interface ParkingPoint {
  lon: number;
  lat: number;
  capacity: number;
}

/** Occupancy colour: green with room, amber filling, red full, grey unknown. */
export function occupancyColour(share: number | null): [number, number, number, number] {
  if (share === null) return [110, 120, 135, 200];
  if (share >= 0.9) return [235, 50, 60, 240];
  if (share >= 0.7) return [255, 190, 40, 240];
  return [60, 200, 120, 240];
}

/**
 * Car parks as circles sized by capacity and coloured by occupancy. `occupied` is in lot order (NaN
 * unknown); `version` tells deck.gl the colours changed (the lots themselves never move).
 */
export function parkingLayer(lots: readonly ParkingPoint[], occupied: ArrayLike<number>, version: number) {
  return new ScatterplotLayer<ParkingPoint>({
    id: 'parking',
    data: lots as ParkingPoint[],
    getPosition: (p) => [p.lon, p.lat],
    getRadius: (p) => 4 + Math.sqrt(p.capacity) / 4,
    radiusUnits: 'pixels',
    getFillColor: (p, { index }) => {
      const n = occupied[index] ?? Number.NaN;
      return occupancyColour(Number.isNaN(n) ? null : Math.min(1, n / p.capacity));
    },
    stroked: true,
    getLineColor: [240, 248, 255, 230],
    lineWidthMinPixels: 1.5,
    updateTriggers: { getFillColor: version },
    pickable: false,
  });
}
