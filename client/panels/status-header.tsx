import type { LiveSummary } from '../state/live-store';
import { formatCityTime } from './format-time';

const CONNECTION_TEXT = { connecting: '连接中', live: '实时', offline: '离线' } as const;
/** After this long without a batch or snapshot the data is called stale (issue: 10 s). */
export const STALE_AFTER_MS = 10_000;

export interface StatusHeaderProps {
  title: string;
  subtitle: string;
  timezone: string;
  summary: LiveSummary;
  now: number;
}

/** The page header: title, connection state, live counters, city clock and data freshness. */
export function StatusHeader({ title, subtitle, timezone, summary, now }: StatusHeaderProps) {
  const ageS =
    summary.lastUpdateAt === null ? null : Math.max(0, Math.round((now - summary.lastUpdateAt) / 1000));
  const stale = summary.connection !== 'live' || ageS === null || ageS * 1000 > STALE_AFTER_MS;
  return (
    <header className="status-header">
      <div className="title">
        <h1>{title}</h1>
        <span className="subtitle">{subtitle}</span>
      </div>
      <div className="kpis">
        <Kpi label="实时新增" value={summary.liveCount} testId="live-count" />
        <Kpi label="在办事件" value={summary.openCount} testId="open-count" />
        <Kpi
          label="超期"
          value={summary.overdueCount}
          testId="overdue-count"
          alarm={summary.overdueCount > 0}
        />
      </div>
      <div className="status">
        <span className={`connection connection-${summary.connection}`} data-testid="connection">
          ● {CONNECTION_TEXT[summary.connection]}
        </span>
        <span className="freshness" data-testid="freshness">
          {ageS === null ? '等待数据' : `数据 ${ageS} 秒前`}
        </span>
        <time className="clock">{formatCityTime(now, timezone)}</time>
      </div>
      {stale && summary.lastUpdateAt !== null && (
        <div className="stale-banner" role="alert" data-testid="stale-banner">
          数据已过期：{ageS} 秒未收到更新 · Data stale
        </div>
      )}
    </header>
  );
}

function Kpi({
  label,
  value,
  testId,
  alarm = false,
}: {
  label: string;
  value: number;
  testId: string;
  alarm?: boolean;
}) {
  return (
    <div className={alarm ? 'kpi kpi-alarm' : 'kpi'}>
      <span className="kpi-value" data-testid={testId}>
        {value.toLocaleString('zh-CN')}
      </span>
      <span className="kpi-label">{label}</span>
    </div>
  );
}
