import { hourOfWeek } from './signal';
import { type SurgeEvent, type SurgeState, surgeObserve } from './surge-rule';

const HOUR = 3_600_000;

/**
 * Warm-starts baselines from history (events received before `now`): each hour of the week gets
 * the mean count of that hour over the weeks the history covers; recent events fill the window.
 */
export function surgeWarmStart(s: SurgeState, history: readonly SurgeEvent[], now: number): void {
  const offset = s.utcOffsetMinutes * 60_000;
  const hourStart = Math.floor((now + offset) / HOUR) * HOUR - offset;
  const first = history.reduce((m, e) => Math.min(m, e.receivedAt), now);
  const weeks = Math.max(1, (hourStart - first) / (168 * HOUR));
  const old = history.filter((e) => e.receivedAt < hourStart);
  const nCat = s.categories.length;
  for (const e of old) {
    const c = s.catIndex.get(e.category);
    if (c === undefined || !e.grid) continue;
    const how = hourOfWeek(e.receivedAt, s.utcOffsetMinutes);
    for (let i = 0; i < s.levels.length; i++) {
      const row = s.rows[i]!.get(e.grid[s.levels[i]!]);
      if (row === undefined) continue;
      s.rowPath[row] ??= e.grid;
      s.baseline[(row * nCat + c) * 168 + how]! += 1 / weeks;
    }
  }
  const windowStart = now - s.config.windowMinutes * 60_000;
  surgeObserve(
    s,
    history.filter((e) => e.receivedAt >= Math.min(windowStart, hourStart)),
  );
}
