import {
  ParkingObservationSchema,
  SpeedObservationSchema,
  type TrafficObservation,
} from '../../shared/schemas/traffic';
import { problemsOf } from '../routes/problem';
import type { ObservationProblem, TrafficStateModel } from './traffic-state';

/** Most readings one call may carry: a full frame of a large city with room to spare. */
export const MAX_OBSERVATIONS = 20_000;

/** A batch with bad readings, each named by index and field; nothing of it was applied. */
export class TrafficIngestError extends Error {
  constructor(readonly problems: ObservationProblem[]) {
    const first = problems[0];
    super(
      `${problems.length} problem${problems.length === 1 ? '' : 's'}; first: item ${first?.index} ${first?.field || 'item'}: ${first?.message}`,
    );
  }
}

const checkSpeed = problemsOf(SpeedObservationSchema);
const checkParking = problemsOf(ParkingObservationSchema);

/**
 * Checks readings from any source (HTTP, MQTT, the simulator) exactly like events are checked: the
 * schema per item (a speed reading has `segmentId`, a parking reading `lotId`), then what the schema
 * cannot know (unknown ids, times in the future). Returns the typed readings or throws with every problem.
 */
export function validateObservations(
  items: readonly unknown[],
  state: TrafficStateModel,
  now: number,
): TrafficObservation[] {
  const problems: ObservationProblem[] = [];
  if (items.length === 0) problems.push({ index: 0, field: '', message: 'the batch is empty' });
  if (items.length > MAX_OBSERVATIONS)
    problems.push({
      index: 0,
      field: '',
      message: `at most ${MAX_OBSERVATIONS} readings, got ${items.length}`,
    });
  if (problems.length > 0) throw new TrafficIngestError(problems);
  items.forEach((item, index) => {
    const isParking = typeof item === 'object' && item !== null && 'lotId' in item;
    for (const p of (isParking ? checkParking : checkSpeed)(item)) problems.push({ ...p, index });
  });
  if (problems.length > 0) throw new TrafficIngestError(problems);
  const observations = items as TrafficObservation[];
  problems.push(...state.check(observations, now));
  if (problems.length > 0) throw new TrafficIngestError(problems);
  return observations;
}
