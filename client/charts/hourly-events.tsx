import { line, max, scaleBand, scaleLinear, stack } from 'd3';
import { CATEGORIES } from '../../shared/domain/categories';
import { t } from '../i18n/t';
import { rgb } from './district-ranking';

/** One category's reports per city-local hour, 00:00–01:00 first (GET /api/stats/hourly). */
export interface CategoryHours {
  category: string;
  hours: readonly number[];
}

export interface HourlyEventsProps {
  today: readonly CategoryHours[];
  yesterday: readonly CategoryHours[];
  /** The city-local hour now (0–23): today's later hours have not happened yet and stay empty. */
  nowHour: number;
}

const W = 400;
const H = 230;
const M = { top: 10, right: 8, bottom: 26, left: 34 };
const HOURS = Array.from({ length: 24 }, (_, h) => h);
const COLOUR = new Map(CATEGORIES.map((c) => [c.id, rgb(c.color)]));
/** For a category outside the taxonomy. */
const OTHER_COLOUR = '#8aa4c4';

/** Sum of every category per hour. */
export function hourTotals(series: readonly CategoryHours[]): number[] {
  return HOURS.map((h) => series.reduce((sum, c) => sum + (c.hours[h] ?? 0), 0));
}

/**
 * Reports per hour: today's as columns stacked by category (in the map's category colours, the
 * taxonomy's order from the bottom), yesterday's totals as a dashed step line over the same hours.
 * Drawn by React from d3 scales and d3.stack, sized by its viewBox like the other wall charts.
 */
export function HourlyEvents({ today, yesterday, nowHour }: HourlyEventsProps) {
  const keys = today.map((c) => c.category);
  const byKey = new Map(today.map((c) => [c.category, c.hours]));
  const rows = HOURS.map((h) => Object.fromEntries(keys.map((k) => [k, byKey.get(k)?.[h] ?? 0])));
  const layers = stack<Record<string, number>>().keys(keys)(rows);
  const past = hourTotals(yesterday);
  const top = Math.max(4, max([...hourTotals(today), ...past]) ?? 0);
  const x = scaleBand<number>()
    .domain(HOURS)
    .range([M.left, W - M.right])
    .paddingInner(0.18);
  const y = scaleLinear()
    .domain([0, top])
    .nice(4)
    .range([H - M.bottom, M.top]);
  // A step per hour: flat across the hour's column, so it reads as "this many in that hour".
  const steps = HOURS.flatMap((h) => [
    [x(h)! - (x.step() - x.bandwidth()) / 2, past[h]!],
    [x(h)! + x.bandwidth() + (x.step() - x.bandwidth()) / 2, past[h]!],
  ]) as [number, number][];
  const pastPath = line<[number, number]>()
    .x((p) => p[0])
    .y((p) => y(p[1]))(steps);
  return (
    <svg
      className="chart hourly-events-chart"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={t('events.hourlyLabel')}
      data-testid="hourly-chart"
    >
      {y.ticks(4).map((v) => (
        <g key={v}>
          <line x1={M.left} x2={W - M.right} y1={y(v)} y2={y(v)} className="chart-grid" />
          <text className="chart-axis" x={M.left - 5} y={y(v) + 5} textAnchor="end">
            {v}
          </text>
        </g>
      ))}
      {[0, 6, 12, 18].map((h) => (
        <text key={h} className="chart-axis" x={x(h)!} y={H - 6} textAnchor="start">
          {`${String(h).padStart(2, '0')}:00`}
        </text>
      ))}
      <g data-testid="hourly-today">
        {layers.map((layer) => (
          <g key={layer.key} fill={COLOUR.get(layer.key) ?? OTHER_COLOUR} data-category={layer.key}>
            {HOURS.map((h) => {
              const d = layer[h]!;
              return h > nowHour || d[1] === d[0] ? null : (
                <rect
                  key={h}
                  x={x(h)}
                  width={x.bandwidth()}
                  y={y(d[1])}
                  height={Math.max(0, y(d[0]) - y(d[1]))}
                />
              );
            })}
          </g>
        ))}
      </g>
      <path
        d={pastPath ?? ''}
        className="chart-line-past"
        fill="none"
        data-testid="hourly-yesterday"
        data-total={past.reduce((a, b) => a + b, 0)}
      />
      <line
        x1={(x(nowHour) ?? 0) + x.bandwidth() + 1}
        x2={(x(nowHour) ?? 0) + x.bandwidth() + 1}
        y1={M.top}
        y2={H - M.bottom}
        className="chart-now"
      />
    </svg>
  );
}

export interface CategoryCount {
  category: string;
  today: number;
  yesterday: number;
}

const CW = 400;
const ROW = 40;
const RIGHT = 0;

/**
 * Each category's reports today (thick bar in its colour) against yesterday by the same time (thin
 * light bar under it), busiest first. The name sits over its bars, so long English names fit too; the
 * figures at the end read "today / yesterday".
 */
export function CategoryCompare({
  rows,
  names,
}: {
  rows: readonly CategoryCount[];
  names: (id: string) => string;
}) {
  const sorted = [...rows].sort((a, b) => b.today - a.today || b.yesterday - a.yesterday);
  const x = scaleLinear()
    .domain([0, Math.max(1, max(sorted.flatMap((r) => [r.today, r.yesterday])) ?? 1)])
    .range([0, CW - RIGHT]);
  return (
    <svg
      className="chart category-compare-chart"
      viewBox={`0 0 ${CW} ${sorted.length * ROW}`}
      preserveAspectRatio="xMidYMin meet"
      role="img"
      aria-label={t('events.byCategoryLabel')}
      data-testid="category-compare"
    >
      {sorted.map((r, i) => {
        const colour = COLOUR.get(r.category) ?? OTHER_COLOUR;
        return (
          <g key={r.category} transform={`translate(0, ${i * ROW})`} data-category={r.category}>
            <text className="chart-label" x={0} y={19}>
              {names(r.category)}
            </text>
            <text className="chart-value" x={CW} y={19} textAnchor="end" fill={colour}>
              {r.today}
              <tspan className="chart-note" dx={6}>
                / {r.yesterday}
              </tspan>
            </text>
            <rect x={0} y={24} height={9} width={CW} fill="#1c2f47" rx={2} />
            <rect
              x={0}
              y={24}
              height={9}
              width={Math.max(r.today ? 2 : 0, x(r.today))}
              fill={colour}
              rx={2}
            />
            <rect x={0} y={35} height={3} width={x(r.yesterday)} fill="#c9dcf5" opacity={0.8} />
          </g>
        );
      })}
    </svg>
  );
}
