/**
 * City-local time without reading the machine's zone: the wall must show Asia/Shanghai time whatever
 * the server or browser is set to.
 */

/** The UTC offset of `timeZone` at `at` in minutes, via Intl (e.g. 480 for Asia/Shanghai). */
export function utcOffsetMinutes(timeZone: string, at: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((local - Math.floor(at / 60_000) * 60_000) / 60_000);
}

/** Hour of day (0–23) at `at` for a zone `offsetMinutes` east of UTC. */
export function hourAt(at: number, offsetMinutes: number): number {
  return Math.floor(((at / 3_600_000 + offsetMinutes / 60) % 24) + 24) % 24;
}
