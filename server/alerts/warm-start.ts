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

/** Warm-starts the surge baselines and window from the events received in the last historyDays. */
export async function warmStartSurge(state: RuleEngineState, store: Store, now: number): Promise<void> {
  const days = state.config.rules.surge.historyDays;
  if (days === 0) return;
  const history = await store.listEvents({ from: now - days * 86_400_000, to: now, limit: WARM_LIMIT });
  surgeWarmStart(state.surge, history, now);
}
