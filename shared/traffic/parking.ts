/** What the parking summary needs of a lot. */
export interface ParkingLotInfo {
  capacity: number;
  districtId: string;
}

/** Spaces in an area's lots with fresh data. */
export interface ParkingFigure {
  /** Capacity of the lots with fresh data. */
  capacity: number;
  occupied: number;
  free: number;
  /** occupied / capacity, 0–1, or null when no lot has fresh data. */
  occupancy: number | null;
  /** Lots counted / lots in the area. */
  lotsKnown: number;
  lots: number;
}

export interface ParkingSummary {
  city: ParkingFigure;
  districts: Record<string, ParkingFigure>;
}

const empty = (): ParkingFigure => ({
  capacity: 0,
  occupied: 0,
  free: 0,
  occupancy: null,
  lotsKnown: 0,
  lots: 0,
});

/**
 * City and district parking totals. `occupied` is in lot order, NaN for unknown; unknown lots are left
 * out of capacity too, so occupancy is the share of the spaces we know about. Occupied counts above
 * capacity (a sensor counting queueing cars) are capped at capacity.
 */
export function summariseParking(
  lots: readonly ParkingLotInfo[],
  occupied: ArrayLike<number>,
): ParkingSummary {
  const city = empty();
  const districts: Record<string, ParkingFigure> = {};
  lots.forEach((lot, i) => {
    const d = districts[lot.districtId] ?? empty();
    districts[lot.districtId] = d;
    const n = occupied[i] ?? Number.NaN;
    for (const f of [city, d]) {
      f.lots++;
      if (Number.isNaN(n)) continue;
      const used = Math.min(lot.capacity, Math.max(0, n));
      f.lotsKnown++;
      f.capacity += lot.capacity;
      f.occupied += used;
      f.free += lot.capacity - used;
    }
  });
  for (const f of [city, ...Object.values(districts)]) {
    f.occupancy = f.capacity > 0 ? f.occupied / f.capacity : null;
  }
  return { city, districts };
}
