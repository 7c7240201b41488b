import { scaleLinear } from 'd3';
import { TRAFFIC_LEVELS, type TrafficLevel, tpiLevel } from '../../shared/traffic/speed-bands';
import { t } from '../i18n/t';

export interface DistrictTpi {
  name: string;
  tpi: number | null;
}

const W = 400;
const ROW = 25;
const LABEL = 96;

/** Districts ranked by TPI, most congested first; bars in their band's colour, value at the end. */
export function DistrictRanking({ districts }: { districts: DistrictTpi[] }) {
  const rows = [...districts].sort((a, b) => (b.tpi ?? -1) - (a.tpi ?? -1));
  const x = scaleLinear()
    .domain([0, 10])
    .range([0, W - LABEL - 52]);
  return (
    <svg
      className="chart"
      preserveAspectRatio="xMinYMin meet"
      viewBox={`0 0 ${W} ${rows.length * ROW}`}
      role="img"
      aria-label={t('traffic.ranking')}
    >
      {rows.map((d, i) => {
        const colour =
          d.tpi === null ? '#6e7887' : rgb(TRAFFIC_LEVELS[tpiLevel(d.tpi) as TrafficLevel]!.color);
        const top = i * ROW;
        return (
          <g key={d.name} transform={`translate(0, ${top})`}>
            <text className="chart-label" x={0} y={ROW / 2 + 6.5}>
              {d.name}
            </text>
            <rect x={LABEL} y={4} height={ROW - 8} width={Math.max(2, x(d.tpi ?? 0))} fill={colour} rx={3} />
            <text
              className="chart-value"
              x={LABEL + Math.max(2, x(d.tpi ?? 0)) + 6}
              y={ROW / 2 + 6.5}
              fill={colour}
            >
              {d.tpi === null ? '—' : d.tpi.toFixed(1)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export const rgb = (c: readonly number[]) => `rgb(${c.join(',')})`;
