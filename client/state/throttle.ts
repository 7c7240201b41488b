/** What a throttle needs of time; tests pass a fake. */
export interface ThrottleClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: ThrottleClock = {
  now: () => performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface Throttle {
  /** Something changed: runs now when the last run is `intervalMs` past, else once when it will be. */
  poke(): void;
  /** Drops a run still waiting. */
  cancel(): void;
}

/**
 * Runs `run` at most once per `intervalMs`, at the leading edge: a change after a quiet spell is
 * handled at once (a wall shows a live batch, or its first snapshot, without waiting out the interval),
 * and the changes of a burst are gathered into one run when the interval has passed.
 */
export function leadingThrottle(
  intervalMs: number,
  run: () => void,
  clock: ThrottleClock = realClock,
): Throttle {
  let last = Number.NEGATIVE_INFINITY;
  let timer: unknown = null;
  const fire = () => {
    timer = null;
    last = clock.now();
    run();
  };
  return {
    poke() {
      if (timer !== null) return;
      const wait = last + intervalMs - clock.now();
      if (wait <= 0) fire();
      else timer = clock.setTimeout(fire, wait);
    },
    cancel() {
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
  };
}
