import type { BBox } from '../../shared/geo/geometry';
import type { Alert } from '../../shared/schemas/alert';

/** How long the wall holds on a new red alert before it returns to the tour. */
export const RED_ALERT_HOLD_MS = 30_000;
/** Half the side of the box shown around an alert's point, in degrees (about 1 km). */
const AROUND = 0.008;

/**
 * The red alerts in `active` that the wall has not flown to yet, newest first; `seen` is updated. On
 * the first call (`seen` empty and `initial` true) everything already raised counts as seen, so a wall
 * that starts or reloads does not replay old alarms. Ids no longer active leave `seen`, so a wall
 * running for weeks holds only what is up now.
 */
export function newRedAlerts(active: readonly Alert[], seen: Set<string>, initial: boolean): Alert[] {
  const red = active.filter((a) => a.level === 'red');
  const fresh = initial ? [] : red.filter((a) => !seen.has(a.id));
  const redIds = new Set(red.map((a) => a.id));
  for (const id of seen) if (!redIds.has(id)) seen.delete(id);
  for (const id of redIds) seen.add(id);
  return fresh.sort((a, b) => b.firstSeenAt - a.firstSeenAt);
}

/** Where to fly for an alert: around its point, or the box of its grid, or nowhere. */
export function alertBBox(alert: Alert, gridBBox: (id: string) => BBox | null): BBox | null {
  if (alert.lon !== null && alert.lat !== null) {
    return [alert.lon - AROUND, alert.lat - AROUND, alert.lon + AROUND, alert.lat + AROUND];
  }
  return gridBBox(alert.scope.gridId);
}
