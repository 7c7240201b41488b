import { describe, expect, it } from 'vitest';
import {
  advanceTour,
  interruptTour,
  nextTourChangeAt,
  startTour,
  type TourPlan,
  tourOptionsFrom,
  tourView,
} from './tour';

const stop = (id: string) => ({
  id,
  name: id,
  nameEn: id,
  bbox: [0, 0, 1, 1] as [number, number, number, number],
});
const PLAN: TourPlan = {
  stops: [stop('city'), stop('D01'), stop('D02')],
  holdMs: 20_000,
  cityHoldMs: 60_000,
};

/** The stop ids shown at each of `times`, advancing one state as a wall would. */
function shown(times: number[], plan = PLAN) {
  let state = startTour(0);
  return times.map((t) => {
    state = advanceTour(plan, state, t);
    const view = tourView(plan, state);
    return view?.kind === 'stop' ? view.stop.id : 'interrupted';
  });
}

describe('wall auto-tour', () => {
  it('holds the city, then each district for 20 s, then the city again', () => {
    expect(shown([0, 59_999, 60_000, 79_999, 80_000, 100_000, 159_999, 160_000])).toEqual([
      'city',
      'city',
      'D01',
      'D01',
      'D02',
      'city',
      'city',
      'D01',
    ]);
  });

  it('catches up after the page slept, landing where the clock says', () => {
    const state = advanceTour(PLAN, startTour(0), 100_000 * 3 + 85_000);
    expect(tourView(PLAN, state)).toMatchObject({ kind: 'stop', stop: { id: 'D02' } });
    expect(nextTourChangeAt(PLAN, state)).toBe(300_000 + 100_000);
  });

  it('shows an interruption for its hold, then resumes the paused stop with a fresh hold', () => {
    let state = advanceTour(PLAN, startTour(0), 65_000); // D01 since 60 s
    state = interruptTour(state, [1, 2, 3, 4], 30_000, 65_000, '红色预警');
    expect(tourView(PLAN, advanceTour(PLAN, state, 90_000))).toEqual({
      kind: 'interruption',
      bbox: [1, 2, 3, 4],
      label: '红色预警',
    });
    expect(nextTourChangeAt(PLAN, state)).toBe(95_000);
    state = advanceTour(PLAN, state, 95_000);
    expect(tourView(PLAN, state)).toMatchObject({ kind: 'stop', stop: { id: 'D01' } });
    expect(nextTourChangeAt(PLAN, state)).toBe(115_000);
  });

  it('lets a newer interruption replace the one showing', () => {
    let state = interruptTour(startTour(0), [0, 0, 1, 1], 30_000, 10_000);
    state = interruptTour(state, [5, 5, 6, 6], 5_000, 20_000);
    expect(nextTourChangeAt(PLAN, state)).toBe(25_000);
    expect(tourView(PLAN, advanceTour(PLAN, state, 25_000))).toMatchObject({ stop: { id: 'city' } });
  });

  it('does nothing with no stops', () => {
    const plan = { ...PLAN, stops: [] };
    expect(tourView(plan, advanceTour(plan, startTour(0), 1e9))).toBeNull();
  });

  it('reads its settings from the wall URL', () => {
    expect(tourOptionsFrom('')).toEqual({ enabled: true, holdMs: 20_000, cityHoldMs: 60_000 });
    expect(tourOptionsFrom('?tour=off&tourHoldS=2&tourCityHoldS=x')).toEqual({
      enabled: false,
      holdMs: 2_000,
      cityHoldMs: 60_000,
    });
  });
});
