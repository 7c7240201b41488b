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
  /** Load-test context: CPU used by each side, and when a goal is missed, the profile that explains why. */
  notes?: string;
  /** A short label telling apart the figures of one benchmark in the table, e.g. "1,000 ev/s × 200". */
  variant?: string;
  /** The value may be zero or negative (a slope); every other figure is a positive measurement. */
  signed?: boolean;
  /** The exact command that reruns this figure, when `npm run bench -- <name>` is not all of it. */
  rerun?: string;
}
