import { getLang, t } from '../i18n/t';
import type { LiveSummary } from '../state/live-store';
import type { TodayStats } from '../state/use-today-stats';
import { formatCount, formatMinutes, formatRate } from './kpi-format';
import './kpi-strip.css';

export interface KpiStripProps {
  /** Open and overdue come from the live stream, so they move with every batch. */
  summary: Pick<LiveSummary, 'openCount' | 'overdueCount'>;
  /** The day's figures from the server; null until the first answer. */
  today: TodayStats | null;
}

/** The wall's headline figures in type big enough to read from across the room. */
export function KpiStrip({ summary, today }: KpiStripProps) {
  const locale = getLang();
  return (
    <section className="kpi-strip" data-testid="kpi-strip">
      <Figure
        id="reported-today"
        label={t('kpi.reportedToday')}
        value={formatCount(today?.reportedToday, locale)}
      />
      <Figure id="open" label={t('kpi.open')} value={formatCount(summary.openCount, locale)} />
      <Figure
        id="overdue"
        label={t('kpi.overdue')}
        value={formatCount(summary.overdueCount, locale)}
        alarm={summary.overdueCount > 0}
      />
      <Figure id="closure-rate" label={t('kpi.closureRate')} value={formatRate(today?.closureRate)} />
      <Figure
        id="avg-handling"
        label={t('kpi.avgHandling')}
        value={formatMinutes(today?.avgHandlingMinutes)}
        unit={today?.avgHandlingMinutes == null ? undefined : t('kpi.minutes')}
      />
    </section>
  );
}

function Figure({
  id,
  label,
  value,
  unit,
  alarm = false,
}: {
  id: string;
  label: string;
  value: string;
  unit?: string;
  alarm?: boolean;
}) {
  return (
    <div className={alarm ? 'kpi-figure kpi-figure-alarm' : 'kpi-figure'}>
      <span className="kpi-figure-value" data-testid={`kpi-${id}`}>
        {value}
        {unit && <small>{unit}</small>}
      </span>
      <span className="kpi-figure-label">{label}</span>
    </div>
  );
}
