import { Registry } from 'prom-client';
import { describe, expect, it, vi } from 'vitest';
import { registerBenchGcGauge } from './bench-gc';

describe('registerBenchGcGauge (benchmarks only)', () => {
  it('registers nothing without BENCH_EXPOSE_GC=1 or without a gc function', async () => {
    const gc = vi.fn();
    for (const [env, fn] of [
      [{}, gc],
      [{ BENCH_EXPOSE_GC: '0' }, gc],
      [{ BENCH_EXPOSE_GC: '1' }, undefined],
    ] as const) {
      const registry = new Registry();
      expect(registerBenchGcGauge(registry, env, fn)).toBe(false);
      expect(await registry.metrics()).not.toContain('citybrain_bench_after_gc_bytes');
    }
    expect(gc).not.toHaveBeenCalled();
  });

  it('with both, every scrape collects garbage first and reports what survived', async () => {
    const gc = vi.fn();
    const registry = new Registry();
    expect(registerBenchGcGauge(registry, { BENCH_EXPOSE_GC: '1' }, gc)).toBe(true);
    const text = await registry.metrics();
    // Two collections per scrape: the second waits for the first's pages to go back to the OS.
    expect(gc).toHaveBeenCalledTimes(2);
    expect(text).toMatch(/^citybrain_bench_after_gc_bytes\{kind="heap"\} \d+/m);
    expect(text).toMatch(/^citybrain_bench_after_gc_bytes\{kind="external"\} \d+/m);
    expect(text).toMatch(/^citybrain_bench_after_gc_bytes\{kind="committed_old_space"\} [1-9]\d*/m);
    await registry.metrics();
    expect(gc).toHaveBeenCalledTimes(4);
  });
});
