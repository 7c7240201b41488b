/**
 * The simulated city's rhythm, as pure functions of local time: how busy the roads are, how much
 * slower a busy road gets, how full each kind of car park is. Hand-tuned so that a weekday morning
 * rush reaches light-to-moderate congestion citywide and nights are free-flowing. Simulated figures:
 * no public traffic data exists for Longgang (docs/domain.md).
 */
import type { RoadClass } from '../../shared/traffic/speed-bands';

/** Local time at a moment, as the profiles read it. */
export interface LocalTime {
  /** Fractional hour of day, 0–24. */
  hour: number;
  weekend: boolean;
}

/** Local hour and weekday at `at` for a zone `offsetMinutes` east of UTC. */
export function localTime(at: number, offsetMinutes: number): LocalTime {
  const local = new Date(at + offsetMinutes * 60_000);
  const day = local.getUTCDay();
  const hour = local.getUTCHours() + local.getUTCMinutes() / 60 + local.getUTCSeconds() / 3600;
  return { hour, weekend: day === 0 || day === 6 };
}

/** A bump centred on hour `c` with spread `w` (hours). */
const bump = (h: number, c: number, w: number) => Math.exp(-(((h - c) / w) ** 2) / 2);

/** Citywide road demand, about 0.08 at night to 0.75 at the weekday evening rush. */
export function demandAt({ hour: h, weekend }: LocalTime): number {
  if (weekend) return 0.08 + 0.3 * bump(h, 11, 2) + 0.35 * bump(h, 17, 2.5);
  return 0.08 + 0.25 * bump(h, 13.5, 3.5) + 0.6 * bump(h, 8, 0.7) + 0.65 * bump(h, 17.8, 0.9);
}

/** Extra demand on roads near a school: drop-off, lunch and pick-up, school days only. */
export function schoolDemandAt({ hour: h, weekend }: LocalTime): number {
  if (weekend) return 0;
  return 0.45 * bump(h, 7.6, 0.35) + 0.2 * bump(h, 11.6, 0.3) + 0.45 * bump(h, 16.4, 0.4);
}

/** How strongly demand slows each class: expressways have capacity, branches have little traffic. */
const SENSITIVITY: Record<RoadClass, number> = { expressway: 0.8, arterial: 1, collector: 0.9, branch: 0.6 };
/** Rain slows everything by a fifth. */
export const RAIN_FACTOR = 0.8;

export interface SimSegment {
  roadClass: RoadClass;
  freeFlowKmh: number;
  /** A fixed per-segment multiplier of demand (0.7–1.3): bottlenecks stay bottlenecks. */
  busyness: number;
  nearSchool: boolean;
}

/**
 * A segment's speed: free flow × (1 − 0.9 × load), load = demand × class sensitivity × busyness capped
 * at 1 (at least 8% of free flow, traffic never stops everywhere), then × rain × accident × (1 + noise).
 */
export function simulatedSpeed(
  seg: SimSegment,
  /** demandAt and schoolDemandAt of the moment, computed once for all segments. */
  demand: { base: number; school: number },
  rain: boolean,
  accidentFactor: number,
  noise: number,
  /** Today's demand relative to a typical day (no two Mondays are alike). */
  dayFactor = 1,
): number {
  const load = Math.min(
    1,
    (demand.base + (seg.nearSchool ? demand.school : 0)) *
      dayFactor *
      SENSITIVITY[seg.roadClass] *
      seg.busyness,
  );
  const flow = Math.max(0.08, 1 - 0.9 * load);
  return Math.max(0, seg.freeFlowKmh * flow * (rain ? RAIN_FACTOR : 1) * accidentFactor * (1 + noise));
}

/** How a car park fills over the day. */
export type LotProfile = 'market' | 'hospital' | 'residential' | 'station' | 'street' | 'office';

/**
 * Share of a lot's spaces taken: markets and the hospital fill by day, homes at night, offices on
 * weekday working hours. Rain adds 5 points (people drive instead of walking).
 */
export function parkingShare(profile: LotProfile, { hour: h, weekend }: LocalTime, rain: boolean): number {
  let share: number;
  switch (profile) {
    case 'market':
      share = 0.2 + 0.7 * Math.max(bump(h, 9.5, 1.8), 0.85 * bump(h, 17.5, 1.5));
      break;
    case 'hospital':
      share = 0.3 + 0.62 * bump(h, 11, 3.2) * (weekend ? 0.8 : 1);
      break;
    case 'residential':
      share = 0.4 + 0.55 * (1 - bump(h, 13, 4.2)) + (weekend ? 0.1 * bump(h, 13, 4.2) : 0);
      break;
    case 'station':
      share = 0.3 + 0.5 * bump(h, 12, 5);
      break;
    case 'street':
      share = 0.3 + 0.5 * bump(h, 13, 4.5);
      break;
    default:
      share = weekend ? 0.15 + 0.35 * bump(h, 14, 3) : 0.2 + 0.72 * bump(h, 12.5, 3.2);
  }
  return Math.min(1, Math.max(0, share + (rain ? 0.05 : 0)));
}
