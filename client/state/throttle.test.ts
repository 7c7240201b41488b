import { describe, expect, it } from 'vitest';
import { leadingThrottle, type ThrottleClock } from './throttle';

/** A clock that moves only when told, running due timers in order. */
function fakeClock() {
  let now = 0;
  let timers: { at: number; run: () => void; id: number }[] = [];
  let next = 1;
  const clock: ThrottleClock = {
    now: () => now,
    setTimeout: (run, ms) => {
      const id = next++;
      timers.push({ at: now + ms, run, id });
      return id;
    },
    clearTimeout: (id) => {
      timers = timers.filter((t) => t.id !== id);
    },
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      timers.sort((a, b) => a.at - b.at);
      const due = timers[0];
      if (!due || due.at > end) break;
      timers.shift();
      now = due.at;
      due.run();
    }
    now = end;
  };
  return { clock, advance, pending: () => timers.length };
}

describe('leadingThrottle', () => {
  it('runs a change after a quiet spell at once', () => {
    const { clock, advance } = fakeClock();
    const runs: number[] = [];
    const throttle = leadingThrottle(250, () => runs.push(clock.now()), clock);
    advance(1000);
    throttle.poke();
    expect(runs).toEqual([1000]);
    advance(5000);
    throttle.poke();
    expect(runs).toEqual([1000, 6000]);
  });

  it('gathers the changes of a burst into one run when the interval has passed', () => {
    const { clock, advance, pending } = fakeClock();
    const runs: number[] = [];
    const throttle = leadingThrottle(250, () => runs.push(clock.now()), clock);
    throttle.poke(); // at 0: at once
    advance(100);
    throttle.poke(); // at 100: waits for 250
    advance(50);
    throttle.poke(); // at 150: already waiting
    expect(runs).toEqual([0]);
    expect(pending()).toBe(1);
    advance(100);
    expect(runs).toEqual([0, 250]);
    // A change right after that run waits a whole interval again.
    advance(10);
    throttle.poke();
    expect(runs).toEqual([0, 250]);
    advance(240);
    expect(runs).toEqual([0, 250, 500]);
  });

  it('never runs more often than once per interval under a steady stream', () => {
    const { clock, advance } = fakeClock();
    const runs: number[] = [];
    const throttle = leadingThrottle(250, () => runs.push(clock.now()), clock);
    for (let t = 0; t < 2000; t += 40) {
      throttle.poke();
      advance(40);
    }
    for (let i = 1; i < runs.length; i++) expect(runs[i]! - runs[i - 1]!).toBeGreaterThanOrEqual(250);
    // Pokes every 40 ms from 0 to 1,960: runs at 0, 250, …, 2,000, the last for the pokes after 1,750.
    expect(runs).toEqual([0, 250, 500, 750, 1000, 1250, 1500, 1750, 2000]);
  });

  it('drops a waiting run when cancelled', () => {
    const { clock, advance } = fakeClock();
    const runs: number[] = [];
    const throttle = leadingThrottle(250, () => runs.push(clock.now()), clock);
    throttle.poke();
    advance(10);
    throttle.poke();
    throttle.cancel();
    advance(1000);
    expect(runs).toEqual([0]);
  });
});
