import { line, scaleLinear } from 'd3';
import { TRAFFIC_LEVELS } from '../../shared/traffic/speed-bands';
import { hourAt } from '../../shared/util/time';
import { t } from '../i18n/t';

export interface TpiPoint {
  at: number;
  tpi: number | null;
}

export interface Tpi24hProps {
  /** The last 24 h, oldest first. */
  today: TpiPoint[];
  /** The same hours a week ago, already moved forward by 7 days onto today's axis. */
  weekAgo: TpiPoint[];
  /** The axis: [now − 24 h, now], server time. */
  from: number;
  to: number;
  /** The city's UTC offset in minutes, for hour labels in local time. */
  offsetMinutes: number;
}

const W = 400;
const H = 150;
const M = { top: 8, right: 24, bottom: 26, left: 30 };

/**
 * City TPI over the last 24 hours (solid) against the same hours a week ago (dashed), over the five
 * bands. Drawn by React from d3 scales, sized by its viewBox so type grows with the screen.
 */
export function Tpi24h({ today, weekAgo, from, to, offsetMinutes }: Tpi24hProps) {
  const x = scaleLinear()
    .domain([from, to])
    .range([M.left, W - M.right]);
  const y = scaleLinear()
    .domain([0, 10])
    .range([H - M.bottom, M.top]);
  const path = line<TpiPoint>()
    .defined((p) => p.tpi !== null && p.at >= from && p.at <= to)
    .x((p) => x(p.at))
    .y((p) => y(p.tpi ?? 0));
  const ticks: number[] = [];
  const firstHour = Math.ceil(from / 3_600_000) * 3_600_000;
  for (let at = firstHour; at <= to; at += 3_600_000) if (hourAt(at, offsetMinutes) % 6 === 0) ticks.push(at);
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('traffic.tpi24hLabel')}>
      {TRAFFIC_LEVELS.map((band) => (
        <rect
          key={band.level}
          x={M.left}
          width={W - M.left - M.right}
          y={y(band.level * 2 + 2)}
          height={y(band.level * 2) - y(band.level * 2 + 2)}
          fill={`rgb(${band.color.join(',')})`}
          opacity={0.13}
        />
      ))}
      {[0, 2, 4, 6, 8, 10].map((v) => (
        <text key={v} className="chart-axis" x={M.left - 5} y={y(v) + 5} textAnchor="end">
          {v}
        </text>
      ))}
      {ticks.map((at) => (
        <text key={at} className="chart-axis" x={x(at)} y={H - 6} textAnchor="middle">
          {`${String(hourAt(at, offsetMinutes)).padStart(2, '0')}:00`}
        </text>
      ))}
      <path d={path(weekAgo) ?? ''} className="chart-line-past" fill="none" />
      <path d={path(today) ?? ''} className="chart-line-now" fill="none" data-testid="tpi-line" />
    </svg>
  );
}
