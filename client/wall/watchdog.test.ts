import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WATCHDOG,
  initialWatchdog,
  type WatchdogDecision,
  type WatchdogReading,
  watchdogConfigFrom,
  watchdogStep,
} from './watchdog';

const GB = 1024 ** 3;

/** Drives the watchdog on a fake clock, one reading every 5 s, and returns each decision's time. */
function run(
  readings: (t: number) => Omit<WatchdogReading, 'now'>,
  untilMs: number,
  config = DEFAULT_WATCHDOG,
) {
  let state = initialWatchdog(0);
  const decisions: { at: number; decision: WatchdogDecision }[] = [];
  for (let now = 0; now <= untilMs; now += 5_000) {
    const step = watchdogStep(state, { now, ...readings(now) }, config);
    state = step.state;
    if (step.decision.action !== 'none') decisions.push({ at: now, decision: step.decision });
  }
  return decisions;
}

describe('wall watchdog', () => {
  it('does nothing while the socket is up and memory is in budget', () => {
    expect(run(() => ({ connected: true, usedHeapBytes: 0.5 * GB }), 3_600_000)).toEqual([]);
  });

  it('leaves a short outage to Socket.IO: no reload under 60 s down', () => {
    expect(run((t) => ({ connected: t < 10_000 || t >= 65_000, usedHeapBytes: null }), 600_000)).toEqual([]);
  });

  it('proposes a reload after 60 s down, probing the server at most every 10 s', () => {
    const decisions = run((t) => ({ connected: t < 10_000, usedHeapBytes: null }), 100_000);
    expect(decisions.map((d) => d.at)).toEqual([70_000, 80_000, 90_000, 100_000]);
    expect(decisions[0]?.decision).toEqual({ action: 'probe-then-reload', reason: 'socket-dead' });
  });

  it('restarts the 60 s count when the socket comes back in between', () => {
    const up = (t: number) => t < 10_000 || (t >= 50_000 && t < 55_000);
    // Down from 10 s (would reload at 70 s), up at 50 s, down again from 55 s: the first reload is at 115 s.
    expect(run((t) => ({ connected: up(t), usedHeapBytes: null }), 120_000).map((d) => d.at)).toEqual([
      115_000,
    ]);
  });

  it('proposes a reload when the heap passes its budget, but not in the first 10 minutes', () => {
    const decisions = run(() => ({ connected: true, usedHeapBytes: 1.6 * GB }), 700_000);
    expect(decisions[0]).toEqual({
      at: 600_000,
      decision: { action: 'probe-then-reload', reason: 'memory' },
    });
  });

  it('reads the memory budget from ?memBudgetMb=, ignoring nonsense', () => {
    expect(watchdogConfigFrom('?token=x&memBudgetMb=512').memBudgetBytes).toBe(512 * 1024 * 1024);
    expect(watchdogConfigFrom('?memBudgetMb=-3')).toBe(DEFAULT_WATCHDOG);
    expect(watchdogConfigFrom('?memBudgetMb=lots')).toBe(DEFAULT_WATCHDOG);
    expect(watchdogConfigFrom('').memBudgetBytes).toBe(1.5 * GB);
  });
});
