/** Small statistics for benchmarks: latency histograms, percentiles and a least-squares slope. */

/** Latencies in whole milliseconds, 0 … 120 s; cheap to add to at 100k+ samples a second and to merge. */
export class LatencyHistogram {
  static readonly MAX_MS = 120_000;
  readonly counts = new Uint32Array(LatencyHistogram.MAX_MS + 1);
  total = 0;

  /** Counts `count` samples of `ms` (several events received at once share one latency). */
  add(ms: number, count = 1): void {
    const i = ms <= 0 ? 0 : ms >= LatencyHistogram.MAX_MS ? LatencyHistogram.MAX_MS : Math.round(ms);
    this.counts[i]! += count;
    this.total += count;
  }

  reset(): void {
    this.counts.fill(0);
    this.total = 0;
  }

  /** The non-empty bins as [ms, count] pairs, small enough to send over IPC. */
  toSparse(): [number, number][] {
    const out: [number, number][] = [];
    this.counts.forEach((c, ms) => {
      if (c > 0) out.push([ms, c]);
    });
    return out;
  }

  addSparse(pairs: [number, number][]): void {
    for (const [ms, c] of pairs) {
      this.counts[ms] = (this.counts[ms] ?? 0) + c;
      this.total += c;
    }
  }

  /** The latency (ms) at or below which a share `q` (0…1) of the samples lie; NaN when empty. */
  quantile(q: number): number {
    if (this.total === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let ms = 0; ms < this.counts.length; ms++) {
      seen += this.counts[ms]!;
      if (seen >= rank) return ms;
    }
    return LatencyHistogram.MAX_MS;
  }
}

/** Least-squares slope of y over x (y units per x unit); NaN with fewer than two points. */
export function slope(xs: readonly number[], ys: readonly number[]): number {
  return slopeFit(xs, ys).slope;
}

/**
 * The least-squares line's slope, its standard error and the residuals' standard deviation (NaN where
 * there are too few points). The standard error takes the samples as independent; a soak's are not
 * (memory stays up or down for minutes), so it is a lower bound on how far the slope can be off.
 */
export function slopeFit(
  xs: readonly number[],
  ys: readonly number[],
): { slope: number; se: number; residualSd: number } {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return { slope: Number.NaN, se: Number.NaN, residualSd: Number.NaN };
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += xs[i]!;
    sy += ys[i]!;
  }
  const mx = sx / n;
  const my = sy / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  if (den === 0) return { slope: Number.NaN, se: Number.NaN, residualSd: Number.NaN };
  const b = num / den;
  let ssr = 0;
  for (let i = 0; i < n; i++) ssr += (ys[i]! - my - b * (xs[i]! - mx)) ** 2;
  const residualSd = n > 2 ? Math.sqrt(ssr / (n - 2)) : Number.NaN;
  return { slope: b, se: residualSd / Math.sqrt(den), residualSd };
}

/** Rounds to `digits` decimals. */
export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** value / baseline rounded for the report; 0 when the baseline is 0 (a ratio would mean nothing). */
export function ratioOf(value: number, baseline: number, digits = 2): number {
  return baseline === 0 || !Number.isFinite(baseline) ? 0 : round(value / baseline, digits);
}
