import { utcOffsetMinutes } from './time';

/**
 * Wall-clock times in the city's zone, whatever the machine's zone: "2025-01-15 08:00" in
 * Asia/Shanghai is 00:00 UTC. Zones with daylight saving are handled by re-checking the offset at the
 * instant found (Longgang has none, but another city folder may).
 */

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?$/;
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * Epoch ms of a local date ("2025-01-15", midnight) or date-time ("2025-01-15 08:00") in `timeZone`,
 * or of an ISO time with its own offset ("2025-01-15T08:00+08:00"). Null when it is not one of those
 * or names a day that does not exist (2025-02-30).
 */
export function parseCityTime(text: string, timeZone: string): number | null {
  const s = text.trim();
  if (WITH_OFFSET.test(s)) {
    const t = Date.parse(s);
    return Number.isNaN(t) ? null : t;
  }
  const m = LOCAL.exec(s);
  if (!m) return null;
  const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0'].map(Number) as number[];
  if (h! > 23 || mi! > 59) return null;
  const wall = Date.UTC(y!, mo! - 1, d!, h, mi);
  const check = new Date(wall);
  if (check.getUTCMonth() !== mo! - 1 || check.getUTCDate() !== d) return null;
  let at = wall - utcOffsetMinutes(timeZone, wall) * 60_000;
  at = wall - utcOffsetMinutes(timeZone, at) * 60_000;
  return at;
}

/** Epoch ms of the city-local midnight that starts the day containing `at`. */
export function startOfCityDay(at: number, timeZone: string): number {
  return parseCityTime(cityDate(at, timeZone), timeZone)!;
}

/** The city-local date of `at` as YYYY-MM-DD. */
export function cityDate(at: number, timeZone: string): string {
  const local = new Date(at + utcOffsetMinutes(timeZone, at) * 60_000);
  return local.toISOString().slice(0, 10);
}

/** The city-local date `days` after `date` (YYYY-MM-DD; negative goes back). */
export function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}
