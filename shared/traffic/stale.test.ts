import { describe, expect, it } from 'vitest';
import { freshValues } from './stale';

describe('freshValues', () => {
  const staleMs = 5 * 60_000;
  it('keeps readings up to staleMs old, turns older and never-observed ones into NaN', () => {
    const now = 10 * 60_000;
    const out = freshValues([30, 40, 50, 60], [now - staleMs, now - staleMs - 1, 0, now], now, staleMs);
    expect(out[0]).toBe(30);
    expect(out[1]).toBeNaN();
    expect(out[2]).toBeNaN();
    expect(out[3]).toBe(60);
  });
});
