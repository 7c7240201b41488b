/**
 * Time as a dependency. The simulator and every timer-driven part take a Clock so tests run on a
 * manual clock, exactly and fast.
 */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * A clock that runs `speed` times faster than `base` from the moment it is made. With SIM_SPEED > 1
 * the whole server runs on it, so that simulated reports, receipt times and deadlines stay consistent.
 */
export function scaledClock(base: Clock, speed: number): Clock {
  if (speed === 1) return base;
  const start = base.now();
  return { now: () => Math.floor(start + (base.now() - start) * speed) };
}

/** A clock that only moves when told to. */
export class ManualClock implements Clock {
  constructor(private time: number) {}
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}
