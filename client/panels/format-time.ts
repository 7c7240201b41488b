const formatters = new Map<string, Intl.DateTimeFormat>();

/** "2026-11-29 17:42:05" in the city's zone, whatever the browser's zone is. */
export function formatCityTime(at: number, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('sv-SE', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f.format(new Date(at));
}
