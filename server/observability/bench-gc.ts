import { getHeapSpaceStatistics } from 'node:v8';
import { Gauge, type Registry } from 'prom-client';

/**
 * BENCHMARKS ONLY (bench/soak.ts). Heap in use swings by tens of MB with V8's GC cycles, so a soak
 * sampling `nodejs_heap_size_used_bytes` measures mostly where the collector happened to be. With the
 * environment variable BENCH_EXPOSE_GC=1 *and* node started with `--expose-gc` (both only ever set by
 * bench/lib/server.ts on request), server/main.ts registers this gauge: every scrape of /metrics runs a
 * full GC (two, see below) first, then reports what survived (`kind`: heap = V8 heap in use,
 * heap_total = heap V8 has committed, external = memory V8 objects hold outside the heap,
 * array_buffers = the Buffer/ArrayBuffer part of it, `committed_<space>` = what V8 has committed per
 * heap space, to tell which one grows; RSS less these is native memory: SQLite, malloc, code). Without
 * the variable or the flag nothing is registered and /metrics never collects garbage; production never
 * sets either.
 *
 * Returns whether the gauge was registered.
 */
export function registerBenchGcGauge(
  registry: Registry,
  env: NodeJS.ProcessEnv = process.env,
  gc: (() => void) | undefined = (globalThis as { gc?: () => void }).gc,
): boolean {
  if (env.BENCH_EXPOSE_GC !== '1' || typeof gc !== 'function') return false;
  new Gauge({
    name: 'citybrain_bench_after_gc_bytes',
    help: 'Benchmarks only (BENCH_EXPOSE_GC=1 and --expose-gc): memory right after a full GC forced by this scrape',
    labelNames: ['kind'] as const,
    registers: [registry],
    collect() {
      // Twice: V8 hands the pages a full GC freed back to the OS from a background thread some
      // milliseconds after the GC (tens of MB here), so RSS read straight after one GC caught that
      // release half done or not begun, and the soak's RSS swung by tens of MB between samples with the
      // heap flat. A second GC waits for it: RSS after both is what the process holds.
      gc();
      gc();
      const m = process.memoryUsage();
      this.set({ kind: 'heap' }, m.heapUsed);
      this.set({ kind: 'heap_total' }, m.heapTotal);
      this.set({ kind: 'external' }, m.external);
      this.set({ kind: 'array_buffers' }, m.arrayBuffers);
      for (const space of getHeapSpaceStatistics())
        this.set({ kind: `committed_${space.space_name}` }, space.space_size);
    },
  });
  return true;
}
