import { scaleLinear } from 'd3';
import { t } from '../i18n/t';

export interface DistrictParking {
  name: string;
  occupancy: number | null;
  free: number;
}

const W = 400;
const ROW = 25;
const LABEL = 96;

/** Parking occupancy per district (bar, fullest first) with the free spaces left. */
export function ParkingByDistrict({ districts }: { districts: DistrictParking[] }) {
  const rows = [...districts].sort((a, b) => (b.occupancy ?? -1) - (a.occupancy ?? -1));
  const x = scaleLinear()
    .domain([0, 1])
    .range([0, W - LABEL - 120]);
  const end = LABEL + x(1);
  return (
    <svg
      className="chart"
      preserveAspectRatio="xMinYMin meet"
      viewBox={`0 0 ${W} ${rows.length * ROW}`}
      role="img"
      aria-label={t('traffic.parking')}
    >
      {rows.map((d, i) => {
        const share = d.occupancy;
        const colour =
          share === null ? '#6e7887' : share >= 0.9 ? '#eb323c' : share >= 0.7 ? '#ffbe28' : '#3cc878';
        return (
          <g key={d.name} transform={`translate(0, ${i * ROW})`}>
            <text className="chart-label" x={0} y={ROW / 2 + 6.5}>
              {d.name}
            </text>
            <rect x={LABEL} y={4} height={ROW - 8} width={x(1)} fill="#1c2f47" rx={3} />
            <rect x={LABEL} y={4} height={ROW - 8} width={x(share ?? 0)} fill={colour} rx={3} />
            <text className="chart-value" x={end + 6} y={ROW / 2 + 6.5} fill={colour}>
              {share === null ? '—' : `${Math.round(share * 100)}%`}
            </text>
            <text className="chart-note" x={W} y={ROW / 2 + 6.5} textAnchor="end">
              {t('traffic.free', { n: d.free })}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
