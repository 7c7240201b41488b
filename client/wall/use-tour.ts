import { useCallback, useEffect, useMemo, useState } from 'react';
import { type AreaGeometry, type BBox, bboxOf } from '../../shared/geo/geometry';
import type { CityData } from '../net/city-data';
import {
  advanceTour,
  interruptTour,
  nextTourChangeAt,
  startTour,
  type TourPlan,
  type TourView,
  tourOptionsFrom,
  tourView,
} from './tour';

export interface TourControl {
  /** What to show now; null while there is no city data or the tour is off. */
  view: TourView | null;
  /** Shows `bbox` for `holdMs`, then resumes the tour (for a new red alert). */
  interrupt: (bbox: BBox, holdMs: number, label?: string) => void;
}

/** The whole city, then the districts in id order. */
export function tourPlanOf(data: CityData, holdMs: number, cityHoldMs: number): TourPlan {
  const districts = [...data.grids.district.features]
    .sort((a, b) => a.properties.id.localeCompare(b.properties.id))
    .map((f) => {
      const meta = data.city.districts?.find((d) => d.id === f.properties.id);
      return {
        id: f.properties.id,
        name: f.properties.name,
        nameEn: meta?.nameEn ?? f.properties.name,
        bbox: bboxOf(f.geometry as AreaGeometry),
      };
    });
  const city = { id: 'city', name: data.city.name, nameEn: data.city.nameEn, bbox: data.city.bbox };
  return { stops: [city, ...districts], holdMs, cityHoldMs };
}

/**
 * Runs the auto-tour (tour.ts) on timers: one timeout to the next change, never a polling loop. The
 * current stop is on window.__cityBrain.tour for tests and for the alert interruption to come.
 */
export function useTour(data: CityData | null): TourControl {
  const options = useMemo(() => tourOptionsFrom(window.location.search), []);
  const plan = useMemo(
    () => (data && options.enabled ? tourPlanOf(data, options.holdMs, options.cityHoldMs) : null),
    [data, options],
  );
  const [state, setState] = useState(() => startTour(Date.now()));

  useEffect(() => {
    if (!plan) return;
    const id = setTimeout(
      () => setState((s) => advanceTour(plan, s, Date.now())),
      Math.max(0, nextTourChangeAt(plan, state) - Date.now()),
    );
    return () => clearTimeout(id);
  }, [plan, state]);

  const interrupt = useCallback((bbox: BBox, holdMs: number, label?: string) => {
    setState((s) => interruptTour(s, bbox, holdMs, Date.now(), label ?? null));
  }, []);
  const view = plan ? tourView(plan, state) : null;

  useEffect(() => {
    if (!window.__cityBrain) return;
    window.__cityBrain.tour = {
      stop: view ? (view.kind === 'stop' ? view.stop.id : 'interruption') : 'off',
      name: view ? (view.kind === 'stop' ? view.stop.name : view.label) : null,
      interrupt,
    };
  }, [view, interrupt]);

  return { view, interrupt };
}
