import type { TrafficSignals } from '../../shared/rules/traffic-rule';
import type { TrafficState } from '../../shared/schemas/traffic';

/** Segment level the traffic pool calls heavy congestion (严重拥堵). */
const HEAVY = 4;

/**
 * The traffic rule's input from the traffic pool's state (`TrafficPool.stateJson()`): TPI per district
 * where known, segments at the heavy level, and occupancy per lot with a reading. Unknown figures are
 * left out rather than guessed, so a silent feed raises nothing.
 */
export function trafficSignalsOf(state: TrafficState): TrafficSignals {
  const districtTpi: Record<string, number> = {};
  for (const [id, figure] of Object.entries(state.tpi.districts))
    if (figure.tpi !== null) districtTpi[id] = figure.tpi;
  const parkingOccupancy: Record<string, number> = {};
  for (const lot of state.lots)
    if (lot.occupied !== null && lot.capacity > 0) parkingOccupancy[lot.id] = lot.occupied / lot.capacity;
  return {
    at: state.at,
    districtTpi,
    heavySegments: state.segments.filter((s) => s.level === HEAVY).map((s) => s.id),
    parkingOccupancy,
  };
}
