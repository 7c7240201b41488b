import { LangSwitch } from '../i18n/lang-switch';
import { formatNumber, t } from '../i18n/t';
import type { LiveSummary } from '../state/live-store';
import { formatCityTime } from './format-time';

const CONNECTION_TEXT = {
  connecting: 'header.connecting',
  live: 'header.live',
  offline: 'header.offline',
} as const;
/** After this long without a batch or snapshot the data is called stale (issue: 10 s). */
export const STALE_AFTER_MS = 10_000;

export interface StatusHeaderProps {
  title: string;
  subtitle: string;
  timezone: string;
  summary: LiveSummary;
  now: number;
  /** Offer a language button (pages with a pointer; the wall takes `?lang=`). */
  langSwitch?: boolean;
  /** Other live feeds (traffic…) and when each last delivered, shown beside the events feed's age. */
  feeds?: { name: string; lastAt: number | null }[];
}

/** The page header: title, connection state, live counters, city clock and data freshness. */
export function StatusHeader({
  title,
  subtitle,
  timezone,
  summary,
  now,
  langSwitch,
  feeds = [],
}: StatusHeaderProps) {
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
        <Kpi label={t('header.liveCount')} value={summary.liveCount} testId="live-count" />
        <Kpi label={t('header.openCount')} value={summary.openCount} testId="open-count" />
        <Kpi
          label={t('header.overdue')}
          value={summary.overdueCount}
          testId="overdue-count"
          alarm={summary.overdueCount > 0}
        />
      </div>
      <div className="status">
        <span className={`connection connection-${summary.connection}`} data-testid="connection">
          ● {t(CONNECTION_TEXT[summary.connection])}
        </span>
        <span className="freshness" data-testid="freshness">
          {ageS === null ? t('header.waiting') : t('header.age', { s: ageS ?? 0 })}
        </span>
        {feeds.map((f) => (
          <span key={f.name} className="freshness" data-testid={`freshness-${f.name}`}>
            {f.name} {f.lastAt === null ? '—' : `${Math.max(0, Math.round((now - f.lastAt) / 1000))}s`}
          </span>
        ))}
        <time className="clock">{formatCityTime(now, timezone)}</time>
        {langSwitch && <LangSwitch />}
      </div>
      {stale && summary.lastUpdateAt !== null && (
        <div className="stale-banner" role="alert" data-testid="stale-banner">
          {t('header.stale', { s: ageS ?? 0 })}
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
        {formatNumber(value)}
      </span>
      <span className="kpi-label">{label}</span>
    </div>
  );
}
