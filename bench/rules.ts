/**
 * Rule evaluation under load: 5,000 events a second over every micro-grid × category. Each simulated
 * second, a batch of 5,000 new reports (a fifth of them dispatched with deadlines, a few with key
 * people) is observed and every rule evaluated and reduced into alerts, as the server does. The
 * baseline, measured on the same batches in the same run, is a naive full rescan: it keeps every
 * report in the surge window and recounts all (grid, category) cells from scratch on each batch.
 * `tsx bench/rules.ts [--quick]` prints the figures.
 */
import { fileURLToPath } from 'node:url';
import { buildAlertGeo } from '../server/alerts/alert-geo';
import { loadCityDataset } from '../server/geo/city-dataset';
import { CATEGORIES } from '../shared/domain/categories';
import { type AlertBook, emptyBook } from '../shared/rules/alert-book';
import { createRuleEngine, evaluateRules, observeEvents } from '../shared/rules/rule-engine';
import type { RulesConfig } from '../shared/rules/rules-config';
import type { GridEvent } from '../shared/schemas/event';
import { createRandom } from '../shared/util/random';
import { rulesConfig } from '../tests/fixtures/rule-timeline';
import type { BenchFigure } from './types';

const RATE = 5000;

/** A naive surge: every report in the window kept, every cell recounted per batch. */
function naiveSurge(config: RulesConfig) {
  const window: GridEvent[] = [];
  const levels = config.rules.surge.levels;
  return (batch: readonly GridEvent[], now: number): number => {
    window.push(...batch);
    const from = now - config.rules.surge.windowMinutes * 60_000;
    while (window.length > 0 && window[0]!.receivedAt < from) window.shift();
    const counts = new Map<string, number>();
    for (const e of window)
      for (const level of levels) {
        const key = `${e.grid![level as 'micro']}|${e.category}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    let hot = 0;
    for (const [key, n] of counts)
      if (n >= (config.rules.surge.minCount[key.includes('M') ? 'micro' : 'community'] ?? 10)) hot++;
    return hot;
  };
}

const stats = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  const mean = ms.reduce((a, b) => a + b, 0) / ms.length;
  return { mean, p95: sorted[Math.floor(0.95 * (sorted.length - 1))]!, max: sorted[sorted.length - 1]! };
};

/** Runs `seconds` simulated seconds (quick: 10) at 5,000 events/s. */
export async function runRulesBench(opts: { quick: boolean }): Promise<BenchFigure[]> {
  const dataset = loadCityDataset(fileURLToPath(new URL('../data/longgang', import.meta.url)));
  const geo = buildAlertGeo(dataset);
  const config = rulesConfig((c) => {
    c.rules.surge.levels = ['micro', 'full', 'community'];
  });
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
  const book: AlertBook = emptyBook();
  const naive = naiveSurge(config);
  let ids = 0;
  const ours: number[] = [];
  const base: number[] = [];
  let alerts = 0;
  for (let s = 0; s < seconds; s++) {
    now += 1000;
    const batch = batchAt(now);
    const t0 = performance.now();
    observeEvents(state, batch);
    const ev = evaluateRules(state, book, now, () => `AL${++ids}`);
    alerts += ev.updates.length;
    if (process.env.BENCH_TIMINGS)
      console.log(
        JSON.stringify(Object.fromEntries(Object.entries(ev.timings).map(([k, v]) => [k, Math.round(v!)]))),
        ev.signals.length,
      );
    const t1 = performance.now();
    naive(batch, now);
    const t2 = performance.now();
    ours.push(t1 - t0);
    base.push(t2 - t1);
  }
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
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const f of await runRulesBench({ quick: process.argv.includes('--quick') })) {
    console.log(
      `${f.name}: ${f.value} ${f.unit} vs ${f.baselineValue} (${f.baseline}) ratio ${f.ratio} — ${f.goal}: ${f.met ? 'met' : 'NOT met'}\n  ${f.detail}`,
    );
  }
}
