/**
 * `npm run bench [-- NAME…] [--quick]`: runs the benchmarks (all, or those named), prints a table,
 * writes bench/results/latest.json and regenerates docs/benchmarks.md. Every figure is a ratio against
 * a baseline measured in the same run, because these machines are shared and noisy.
 *
 * `--quick` runs small sizes to prove the benchmarks work (CI does this through the test suite); it
 * writes bench/results/quick.json and leaves the docs alone, so quick figures never pose as results.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { runBrowserBench } from './browser';
import { runColdStartBench } from './cold-start';
import { runCrossInstanceBench } from './cross-instance';
import { runFanOutBench } from './fan-out';
import { runIngestBench } from './ingest';
import { handWritten } from './lib/hand-written';
import { runLookupBench } from './lookup';
import { runRulesBench } from './rules';
import { runSoakBench } from './soak';
import type { BenchFigure } from './types';
import { runWallSoakBench } from './wall-soak';
import { runWireBench } from './wire';

/** Every benchmark by name; each issue adds its own as its feature lands. */
export const BENCHMARKS: Record<string, (opts: { quick: boolean }) => Promise<BenchFigure[]>> = {
  browser: runBrowserBench,
  'cold-start': runColdStartBench,
  'cross-instance': runCrossInstanceBench,
  'fan-out': runFanOutBench,
  ingest: runIngestBench,
  lookup: runLookupBench,
  rules: runRulesBench,
  soak: runSoakBench,
  'wall-soak': runWallSoakBench,
  wire: runWireBench,
};

export interface BenchReport {
  date: string;
  quick: boolean;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; platform: string };
  versions: Record<string, string>;
  benchmarks: BenchFigure[];
}

const root = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  // `--minutes N` (soak) takes a value; benchmarks read their own options from process.argv.
  const names = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--minutes');
  const unknown = names.filter((n) => !(n in BENCHMARKS));
  if (unknown.length > 0) {
    console.error(
      `unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(BENCHMARKS).join(', ')}`,
    );
    process.exit(2);
  }
  const figures: BenchFigure[] = [];
  for (const name of names.length > 0 ? names : Object.keys(BENCHMARKS)) {
    console.log(`running ${name}${quick ? ' (quick)' : ''}…`);
    figures.push(...(await BENCHMARKS[name]!({ quick })));
  }
  const pkg = JSON.parse(readFileSync(root('package.json'), 'utf8')) as { version: string };
  const report: BenchReport = {
    date: new Date().toISOString(),
    quick,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      platform: `${os.platform()} ${os.release()}`,
    },
    versions: { node: process.version, app: pkg.version },
    benchmarks: names.length > 0 && !quick ? mergeWithLastRun(figures, names) : figures,
  };
  mkdirSync(root('bench/results'), { recursive: true });
  writeFileSync(
    root(`bench/results/${quick ? 'quick' : 'latest'}.json`),
    `${JSON.stringify(report, null, 2)}\n`,
  );
  console.log(table(figures));
  if (!quick) {
    const doc = root('docs/benchmarks.md');
    writeFileSync(doc, benchmarksDoc(report) + handWritten(existsSync(doc) ? readFileSync(doc, 'utf8') : ''));
    // Formatted as `npm test`'s lint expects, so a fresh report can be committed as it is.
    spawnSync(
      process.execPath,
      [root('node_modules/@biomejs/biome/bin/biome'), 'format', '--write', root('docs/benchmarks.md')],
      {
        stdio: 'ignore',
      },
    );
  }
}

/**
 * A run of some benchmarks by name replaces only their figures in latest.json and keeps the others
 * from the last run, so rerunning one benchmark does not wipe the report. Figures belong to a benchmark
 * when their name starts with its name (rules, rules-rate, rules-surge).
 */
function mergeWithLastRun(figures: BenchFigure[], names: string[]): BenchFigure[] {
  let last: BenchFigure[] = [];
  try {
    last = (JSON.parse(readFileSync(root('bench/results/latest.json'), 'utf8')) as BenchReport).benchmarks;
  } catch {
    return figures;
  }
  const kept = last.filter((f) => !names.some((n) => f.name.startsWith(n)));
  return [...kept, ...figures].sort((a, b) => a.name.localeCompare(b.name));
}

function table(figures: BenchFigure[]): string {
  const rows = figures.map((f) => [
    f.variant ? `${f.name} — ${f.variant}` : f.name,
    `${fmt(f.value)} ${f.unit}`,
    `${fmt(f.baselineValue)} (${f.baseline})`,
    `${f.ratio}×`,
    f.goal,
    f.met ? 'met' : 'NOT met',
  ]);
  return [['benchmark', 'ours', 'baseline', 'ratio', 'goal', 'met'], ...rows]
    .map((r) => r.join(' | '))
    .join('\n');
}

function benchmarksDoc(report: BenchReport): string {
  const rows = report.benchmarks
    .map(
      (f) =>
        `| ${f.variant ? `${f.name} — ${f.variant}` : f.name} | ${fmt(f.value)} ${f.unit} | ${fmt(f.baselineValue)} ${f.unit} — ${f.baseline} | ${f.ratio}× | ${f.goal} | ${f.met ? 'met' : '**not met**'} |`,
    )
    .join('\n');
  const details = report.benchmarks
    .map(
      (f) =>
        `- **${f.variant ? `${f.name} — ${f.variant}` : f.name}**: ${f.detail}. Rerun: \`${f.rerun ?? `npm run bench -- ${f.name}`}\`.${f.notes ? ` ${f.notes}` : ''}`,
    )
    .join('\n');
  return `# Benchmarks

Generated by \`npm run bench\` on ${report.date.slice(0, 10)}: ${report.machine.cpus} × ${report.machine.cpuModel},
${report.machine.memoryGiB} GiB, ${report.machine.platform}, Node ${report.versions.node}. Raw figures:
\`bench/results/latest.json\`. Each figure is a ratio against a baseline measured in the same run.

| benchmark | ours | baseline | ratio | goal | met |
| --- | --- | --- | --- | --- | --- |
${rows}

${details}
`;
}

function fmt(n: number): string {
  return n.toLocaleString('en', { maximumFractionDigits: 2 });
}

await main();
