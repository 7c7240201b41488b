import type { BBox } from '../../shared/geo/geometry';

/**
 * The wall's auto-tour as pure data on a clock: the whole city, then each district in turn, then the
 * whole city again. An interruption (a new red alert, later) shows its own area for a while; the tour
 * then resumes the stop it left, with a fresh hold, so nobody misses a district.
 */
export interface TourStop {
  /** `city` for the whole city, else the district id. */
  id: string;
  name: string;
  nameEn: string;
  bbox: BBox;
}

export interface TourPlan {
  /** stops[0] is the whole city. */
  stops: TourStop[];
  /** How long each district is held (issue: about 20 s). */
  holdMs: number;
  /** How long the whole city is held between rounds. */
  cityHoldMs: number;
}

export interface Interruption {
  bbox: BBox;
  until: number;
  label: string | null;
}

export interface TourState {
  index: number;
  /** When the current stop started (or resumed) being shown. */
  since: number;
  interruption: Interruption | null;
}

/** What the wall shows now. */
export type TourView =
  | { kind: 'stop'; stop: TourStop; index: number }
  | { kind: 'interruption'; bbox: BBox; label: string | null };

export const DEFAULT_HOLD_MS = 20_000;
export const DEFAULT_CITY_HOLD_MS = 60_000;

export function startTour(now: number): TourState {
  return { index: 0, since: now, interruption: null };
}

function holdOf(plan: TourPlan, index: number): number {
  return plan.stops[index]?.id === 'city' ? plan.cityHoldMs : plan.holdMs;
}

/** The state at `now`: an interruption that ran out is cleared, and every stop whose hold ran out passes. */
export function advanceTour(plan: TourPlan, state: TourState, now: number): TourState {
  if (plan.stops.length === 0) return state;
  let { index, since, interruption } = state;
  if (interruption) {
    if (now < interruption.until) return state;
    since = interruption.until;
    interruption = null;
  }
  // A loop rather than a modulo: holds differ per stop; it is bounded by the time the page was asleep.
  for (let guard = 0; now - since >= holdOf(plan, index) && guard < 10_000; guard++) {
    since += holdOf(plan, index);
    index = (index + 1) % plan.stops.length;
  }
  return { index, since, interruption };
}

export function tourView(plan: TourPlan, state: TourState): TourView | null {
  if (state.interruption)
    return { kind: 'interruption', bbox: state.interruption.bbox, label: state.interruption.label };
  const stop = plan.stops[state.index];
  return stop ? { kind: 'stop', stop, index: state.index } : null;
}

/** When the view changes next, if nothing interrupts it. */
export function nextTourChangeAt(plan: TourPlan, state: TourState): number {
  return state.interruption ? state.interruption.until : state.since + holdOf(plan, state.index);
}

/**
 * Shows `bbox` for `holdMs` from `now`. A later interruption replaces an earlier one; the paused stop
 * keeps its place.
 */
export function interruptTour(
  state: TourState,
  bbox: BBox,
  holdMs: number,
  now: number,
  label: string | null = null,
): TourState {
  return { ...state, interruption: { bbox, until: now + Math.max(0, holdMs), label } };
}

/** Tour settings from the wall URL: `?tour=off`, `?tourHoldS=` (districts), `?tourCityHoldS=`. */
export function tourOptionsFrom(search: string): { enabled: boolean; holdMs: number; cityHoldMs: number } {
  const params = new URLSearchParams(search);
  const seconds = (name: string, fallback: number) => {
    const s = Number(params.get(name));
    return params.has(name) && Number.isFinite(s) && s > 0 ? s * 1000 : fallback;
  };
  return {
    enabled: params.get('tour') !== 'off',
    holdMs: seconds('tourHoldS', DEFAULT_HOLD_MS),
    cityHoldMs: seconds('tourCityHoldS', DEFAULT_CITY_HOLD_MS),
  };
}
