import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Ticker } from './ticker';

describe('Ticker', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('tells every listener on each tick, all with the same time', () => {
    let clock = 1_000;
    const ticker = new Ticker(1000, () => clock);
    const seen: number[][] = [[], []];
    const offs = seen.map((list) => ticker.subscribe(() => list.push(ticker.getSummary())));
    clock = 2_000;
    vi.advanceTimersByTime(1000);
    clock = 3_000;
    vi.advanceTimersByTime(1000);
    expect(seen).toEqual([
      [2_000, 3_000],
      [2_000, 3_000],
    ]);
    for (const off of offs) off();
  });

  it('runs no timer while nobody listens, and starts again with a fresh time', () => {
    let clock = 0;
    const ticker = new Ticker(1000, () => clock);
    const off = ticker.subscribe(() => {});
    expect(vi.getTimerCount()).toBe(1);
    off();
    expect(vi.getTimerCount()).toBe(0);
    clock = 42_000;
    const again = ticker.subscribe(() => {});
    expect(ticker.getSummary()).toBe(42_000);
    expect(vi.getTimerCount()).toBe(1);
    again();
  });
});
