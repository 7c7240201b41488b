import { afterEach, describe, expect, it, vi } from 'vitest';
import { CHANGE_LOG_KEEP_MS, startChangeLogPruner } from './change-log-pruner';

describe('change log pruner', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('drops changes older than the retention on every pass, by the app clock, until stopped', async () => {
    vi.useFakeTimers();
    const cuts: number[] = [];
    let clock = 10 * CHANGE_LOG_KEEP_MS;
    const stop = startChangeLogPruner(
      {
        pruneChanges: async (before) => {
          cuts.push(before);
          return 0;
        },
      },
      () => clock,
      (err) => {
        throw err;
      },
      1000,
    );
    await vi.advanceTimersByTimeAsync(1000);
    clock += 5000;
    await vi.advanceTimersByTimeAsync(1000);
    stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(cuts).toEqual([9 * CHANGE_LOG_KEEP_MS, 9 * CHANGE_LOG_KEEP_MS + 5000]);
  });

  it('reports a failed pass and carries on', async () => {
    vi.useFakeTimers();
    const errors: unknown[] = [];
    let calls = 0;
    const stop = startChangeLogPruner(
      {
        pruneChanges: async () => {
          calls++;
          if (calls === 1) throw new Error('database is locked');
          return 3;
        },
      },
      () => 0,
      (err) => errors.push(err),
      1000,
    );
    await vi.advanceTimersByTimeAsync(2000);
    stop();
    expect(calls).toBe(2);
    expect(errors).toHaveLength(1);
  });
});
