/**
 * Rule evaluation under load: 5,000 events a second over every micro-grid × category. Each simulated
 * second, a batch of 5,000 new reports (a fifth of them dispatched with deadlines, a few with key
 * people) is observed and every rule evaluated and reduced into alerts, as the server does. Surge
 * baselines start warm at the offered rate; the repeat rule, at this density, alerts nearly everywhere
 * (a worst case for the reducer). The
 * baseline, measured on the same batches in the same run, is a naive full rescan: it keeps every
 * report in the surge window and recounts all (grid, category) cells from scratch on each batch.
 * `tsx bench/rules.ts [--quick]` prints the figures.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildAlertGeo } from '../server/alerts/alert-geo';
import { loadCityDataset } from '../server/geo/city-dataset';
import { CATEGORIES } from '../shared/domain/categories';
import { type AlertBook, emptyBook } from '../shared/rules/alert-book';
import { parseRulesConfig } from '../shared/rules/parse-rules-config';
import { createRuleEngine, evaluateRules, observeEvents } from '../shared/rules/rule-engine';
import type { RulesConfig } from '../shared/rules/rules-config';
import { createSurgeState, surgeEvaluate, surgeObserve } from '../shared/rules/surge-rule';
import type { GridEvent } from '../shared/schemas/event';
import { createRandom } from '../shared/util/random';
import type { BenchFigure } from './types';

const RATE = 5000;

/** A naive surge: every report in the window kept, every cell recounted per batch. */
function naiveSurge(config: RulesConfig) {
  const window: GridEvent[] = [];
  const levels = config.rules.surge.levels;
  return (batch: readonly GridEvent[], now: number): number => {
    for (const e of batch) window.push(e);
    const from = now - config.rules.surge.windowMinutes * 60_000;
    let head = 0;
    while (head < window.length && window[head]!.receivedAt < from) head++;
    if (head > 0) window.splice(0, head);
    let hot = 0;
    for (const level of levels) {
      const counts = new Map<string, number>();
      for (const e of window) {
        const key = `${e.grid![level as 'micro']}|${e.category}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      const min = config.rules.surge.minCount[level] ?? 1;
      for (const n of counts.values()) if (n >= min) hot++;
    }
    return hot;
  };
}

const stats = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  const mean = ms.reduce((a, b) => a + b, 0) / ms.length;
  return { mean, p95: sorted[Math.floor(0.95 * (sorted.length - 1))]!, max: sorted[sorted.length - 1]! };
};

/** Runs `seconds` simulated seconds (quick: 10) at 5,000 events/s. */
export async function runRulesBench(opts: {
  quick: boolean;
  /** Per-batch rule timings (ms) and signal count, for profiling. */
  trace?: (timings: Record<string, number | undefined>, signals: number) => void;
}): Promise<BenchFigure[]> {
  const dataset = loadCityDataset(fileURLToPath(new URL('../data/longgang', import.meta.url)));
  const geo = buildAlertGeo(dataset);
  const parsed = parseRulesConfig(
    JSON.parse(readFileSync(fileURLToPath(new URL('../data/longgang/rules.json', import.meta.url)), 'utf8')),
  );
  if (!parsed.ok) throw new Error('data/longgang/rules.json is invalid');
  // Surge at three levels: every micro-grid × category is a counted cell.
  const config: RulesConfig = {
    ...parsed.config,
    rules: {
      ...parsed.config.rules,
      surge: { ...parsed.config.rules.surge, levels: ['micro', 'full', 'community'] },
    },
  };
  const random = createRandom(20200928);
  const micros = dataset.byLevel.micro.map((g) => ({
    path: dataset.pathOf(g.id)!,
    at: dataset.anchorOf(g.id)!,
  }));
  const seconds = opts.quick ? 10 : 120;
  let now = Date.UTC(2026, 2, 2, 2, 0, 0);
  let n = 0;
  const batchAt = (t: number): GridEvent[] =>
    Array.from({ length: RATE }, () => {
      const m = random.pick(micros);
      const category = random.pick(CATEGORIES);
      const sub = random.pick(category.subcategories);
      const dispatched = random.next() < 0.2;
      const id = `b${++n}`;
      return {
        id,
        source: 'simulator',
        category: category.id,
        subcategory: sub.id,
        severity: sub.severity,
        lon: m.at[0] + (random.next() - 0.5) * 0.002,
        lat: m.at[1] + (random.next() - 0.5) * 0.002,
        grid: m.path,
        description: '',
        keyPerson: random.next() < 0.001,
        keyAreaId: null,
        reporter: null,
        status: dispatched ? 'dispatched' : 'reported',
        version: 1,
        assignee: null,
        occurredAt: t,
        receivedAt: t,
        updatedAt: t,
        dispatchedAt: dispatched ? t : null,
        dueAt: dispatched ? t + sub.limitHours * 3_600_000 : null,
        closedAt: null,
      } satisfies GridEvent;
    });

  const state = createRuleEngine(config, geo.rules);
  // Baselines warm at the offered rate (as after weeks at it), so a surge is the exception it would be.
  const cellsPerLevel = { micro: 3229, full: 384, community: 103 } as Record<string, number>;
  for (const level of config.rules.surge.levels)
    cellsPerLevel[level] = geo.rules.gridsByLevel[level as 'micro'].length;
  const nCat = CATEGORIES.length;
  state.surge.rowLevel.forEach((level, row) => {
    const perHour = (RATE * 3600) / (cellsPerLevel[level]! * nCat);
    state.surge.baseline.fill(perHour, row * nCat * 168, (row + 1) * nCat * 168);
  });
  const book: AlertBook = emptyBook();
  const naive = naiveSurge(config);
  let ids = 0;
  // The same surge counting alone, for a like-for-like comparison with the naive rescan.
  const surgeOnly = createSurgeState(config.rules.surge, config.utcOffsetMinutes, geo.rules.gridsByLevel);
  surgeOnly.baseline.set(state.surge.baseline);
  const surge: number[] = [];
  const ours: number[] = [];
  const base: number[] = [];
  let alerts = 0;
  for (let s = 0; s < seconds; s++) {
    now += 1000;
    const batch = batchAt(now);
    const t0 = performance.now();
    observeEvents(state, batch);
    const evaluation = evaluateRules(state, book, now, () => `AL${++ids}`);
    alerts += evaluation.updates.length;
    opts.trace?.(evaluation.timings, evaluation.signals.length);
    const t1 = performance.now();
    naive(batch, now);
    const t2 = performance.now();
    surgeObserve(surgeOnly, batch);
    surgeEvaluate(surgeOnly, now, geo.nameOf);
    const t3 = performance.now();
    ours.push(t1 - t0);
    base.push(t2 - t1);
    surge.push(t3 - t2);
  }
  const c = stats(surge.slice(1));
  const a = stats(ours.slice(1));
  const b = stats(base.slice(1));
  const rate = (ms: number) => Math.round((RATE * 1000) / ms);
  const round = (v: number) => Math.round(v * 100) / 100;
  const detail = `${seconds} batches of ${RATE} reports (1 simulated second each) over ${micros.length} micro-grids × ${CATEGORIES.length} categories, surge at micro/full/community levels, all 7 rules + alert reducer; ${alerts} alert updates`;
  return [
    {
      name: 'rules',
      detail: `${detail}; mean evaluation time per batch (p95 ${round(a.p95)} ms, max ${round(a.max)} ms)`,
      value: round(a.mean),
      unit: 'ms/batch',
      baseline: 'naive full rescan of the surge window per batch (surge counting only), same batches',
      baselineValue: round(b.mean),
      ratio: round(a.mean / b.mean),
      goal: '< 1,000 ms per 5,000-event batch (keeps up with 5,000/s)',
      met: a.p95 < 1000,
    },
    {
      name: 'rules-rate',
      detail: `${detail}; maximum sustained rate = ${RATE} ÷ mean batch time`,
      value: rate(a.mean),
      unit: 'events/s',
      baseline: 'naive full rescan (surge counting only), same batches',
      baselineValue: rate(b.mean),
      ratio: round(b.mean / a.mean),
      goal: '≥ 5,000 events/s',
      met: rate(a.mean) >= RATE,
    },
    {
      name: 'rules-surge',
      detail: `surge counting and evaluation alone (sliding buckets in typed arrays, touched and hot cells only), same ${seconds} batches; mean ms per batch`,
      value: round(c.mean),
      unit: 'ms/batch',
      baseline: 'naive full rescan of the surge window per batch, same batches',
      baselineValue: round(b.mean),
      ratio: round(c.mean / b.mean),
      goal: '≤ 0.5× baseline (at least twice as fast)',
      met: c.mean <= 0.5 * b.mean,
    },
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const f of await runRulesBench({ quick: process.argv.includes('--quick') })) {
    console.log(
      `${f.name}: ${f.value} ${f.unit} vs ${f.baselineValue} (${f.baseline}) ratio ${f.ratio} — ${f.goal}: ${f.met ? 'met' : 'NOT met'}\n  ${f.detail}`,
    );
  }
}
