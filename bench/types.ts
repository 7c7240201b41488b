/** One measured figure of a benchmark, compared with a baseline measured in the same run. */
export interface BenchFigure {
  /** The benchmark's name as in docs/benchmarks.md's first column (lookup, ingest, fan-out…). */
  name: string;
  /** What exactly was measured, in words. */
  detail: string;
  value: number;
  unit: string;
  /** What the baseline is, in words. */
  baseline: string;
  baselineValue: number;
  /** value / baselineValue. */
  ratio: number;
  /** The goal in words, e.g. "≥ 2× baseline". */
  goal: string;
  met: boolean;
}
