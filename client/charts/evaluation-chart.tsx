import { scaleBand, scaleLinear } from 'd3';
import { t } from '../i18n/t';

export interface ScoreRow {
  id: string;
  name: string;
  score: number | null;
  rank: number | null;
  previousScore: number | null;
  trend: number | null;
}

/** Chart geometry in viewBox units: the console's is wide, the wall's compact one reads from afar. */
export interface ChartSize {
  width: number;
  row: number;
  label: number;
  right: number;
}
const CONSOLE: ChartSize = { width: 420, row: 22, label: 92, right: 74 };
export const WALL_CHART: ChartSize = { width: 300, row: 27, label: 84, right: 56 };

/** Bar colour by score band: good (≥ 85), fair (≥ 60), poor. */
export function scoreColour(score: number | null): string {
  if (score === null) return '#6e7887';
  return score >= 85 ? '#3ddc84' : score >= 60 ? '#ffb300' : '#ff5252';
}

/**
 * Units ranked by evaluation score (0–100): a bar per unit, a tick at last period's score, and the
 * trend in points. Units without events sit at the bottom with a dash.
 */
export function EvaluationChart({
  rows,
  label,
  size = CONSOLE,
}: {
  rows: ScoreRow[];
  label: string;
  size?: ChartSize;
}) {
  const { width: W, row: ROW, label: LABEL, right: RIGHT } = size;
  const y = scaleBand<string>()
    .domain(rows.map((r) => r.id))
    .range([0, rows.length * ROW])
    .padding(0.2);
  const x = scaleLinear()
    .domain([0, 100])
    .range([0, W - LABEL - RIGHT]);
  return (
    <svg
      className="chart evaluation-chart-svg"
      viewBox={`0 0 ${W} ${Math.max(ROW, rows.length * ROW)}`}
      preserveAspectRatio="xMinYMin meet"
      role="img"
      aria-label={label}
      data-testid="evaluation-chart"
    >
      {rows.map((r) => {
        const top = y(r.id) ?? 0;
        const h = y.bandwidth();
        const width = r.score === null ? 0 : Math.max(2, x(r.score));
        const trend =
          r.trend === null
            ? ''
            : r.trend > 0
              ? `▲${r.trend}`
              : r.trend < 0
                ? `▼${-r.trend}`
                : t('evaluation.flat');
        return (
          <g key={r.id} transform={`translate(0, ${top})`}>
            <text className="chart-label" x={0} y={h / 2 + 5} data-i18n="data">
              {r.rank ?? '–'}. {r.name.replace(/片区$|社区$/, '')}
            </text>
            <rect x={LABEL} y={0} height={h} width={width} fill={scoreColour(r.score)} rx={2} />
            {r.previousScore !== null && (
              <line
                x1={LABEL + x(r.previousScore)}
                x2={LABEL + x(r.previousScore)}
                y1={-2}
                y2={h + 2}
                stroke="#e6f0ff"
                strokeWidth={1.5}
              />
            )}
            <text className="chart-value" x={LABEL + width + 4} y={h / 2 + 5} fill={scoreColour(r.score)}>
              {r.score === null ? '—' : r.score.toFixed(0)}
            </text>
            <text
              className="chart-trend"
              x={W - 2}
              y={h / 2 + 5}
              textAnchor="end"
              fill={r.trend === null ? '#8aa4c4' : r.trend >= 0 ? '#3ddc84' : '#ff5252'}
            >
              {trend}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
