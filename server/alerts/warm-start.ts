import { compoundObserve } from '../../shared/rules/compound-rule';
import { repeatObserve } from '../../shared/rules/repeat-rule';
import type { RuleEngineState } from '../../shared/rules/rule-engine';
import { surgeWarmStart } from '../../shared/rules/surge-warm-start';
import type { GridEvent } from '../../shared/schemas/event';
import type { Store } from '../store/store';

/** Most open events and history read at start. */
const WARM_LIMIT = 500_000;

/**
 * The open events at start, marked as already seen (version ≥ 2): they feed the SLA, key-person and
 * risk indexes but are not counted again as new reports; history warm-starts the counting rules.
 */
export async function openEventsOf(store: Store): Promise<GridEvent[]> {
  const { events } = await store.snapshot(WARM_LIMIT);
  return events.map((e) => ({ ...e, version: Math.max(2, e.version) }));
}

/**
 * Warm-starts the counting rules from history: surge baselines and window from the last historyDays,
 * and the repeat and compound windows from their recent reports, so a restart neither forgets a live
 * cluster nor resolves its alert.
 */
export async function warmStart(
  state: RuleEngineState,
  store: Store,
  now: number,
  parts: { surge: boolean; repeat: boolean; compound: boolean },
): Promise<void> {
  const { surge, repeat, compound } = state.config.rules;
  const recentMinutes = Math.max(repeat.windowMinutes, ...compound.patterns.map((p) => p.windowMinutes));
  const days = Math.max(surge.historyDays, recentMinutes / 1440);
  const history = await store.listEvents({ from: now - days * 86_400_000, to: now, limit: WARM_LIMIT });
  if (parts.surge && surge.historyDays > 0) surgeWarmStart(state.surge, history, now);
  const since = (minutes: number) => history.filter((e) => e.receivedAt >= now - minutes * 60_000);
  if (parts.repeat) repeatObserve(state.repeat, since(repeat.windowMinutes));
  if (parts.compound) compoundObserve(state.compound, compound, since(recentMinutes));
}
