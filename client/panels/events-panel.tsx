import { hourAt, utcOffsetMinutes } from '../../shared/util/time';
import { CategoryCompare, HourlyEvents } from '../charts/hourly-events';
import { categoryName, formatNumber, t } from '../i18n/t';
import { usePolledJson } from '../state/use-today-stats';
import './side-panel.css';
import './events-panel.css';

/** GET /api/stats/hourly (server/routes/stats.ts). */
export interface HourlyStats {
  scope: string;
  timezone: string;
  now: number;
  today: HourlyDay;
  yesterday: HourlyDay & { sameTimeTotal: number; sameTimeByCategory: { category: string; count: number }[] };
}
interface HourlyDay {
  date: string;
  from: number;
  to: number;
  total: number;
  byCategory: { category: string; hours: number[] }[];
}

/** As often as the KPI strip polls today's figures, so that both show the same count of today's reports. */
const HOURLY_REFRESH_MS = 10_000;

/** Polls the hourly figures, keeping the last good answer when a refresh fails. */
export function useHourlyStats(intervalMs = HOURLY_REFRESH_MS): HourlyStats | null {
  return usePolledJson<HourlyStats>('/api/stats/hourly?scope=city', intervalMs, 'hourly stats');
}

/**
 * The wall's event column: today's reports against yesterday by the same time in big type (the arrow
 * beside today's figure is the difference: more reports than yesterday in amber, fewer in green), reports
 * per hour (today by category, yesterday dashed) and the categories compared. Hours are the city's.
 */
export function EventsPanel() {
  const stats = useHourlyStats();
  const nowHour = stats ? hourAt(stats.now, utcOffsetMinutes(stats.timezone, stats.now)) : 0;
  const sameTime = new Map(stats?.yesterday.sameTimeByCategory.map((c) => [c.category, c.count]) ?? []);
  const delta = stats ? stats.today.total - stats.yesterday.sameTimeTotal : 0;
  return (
    <aside className="events-panel side-panel" data-testid="events-panel">
      <h2>{t('events.title')}</h2>
      <div className="panel-kpis">
        <div className="panel-kpi">
          <span className="panel-kpi-value">
            <span data-testid="hourly-today-total">{stats ? formatNumber(stats.today.total) : '—'}</span>
            {stats && delta !== 0 && (
              <small
                className={delta > 0 ? 'events-delta events-up' : 'events-delta events-down'}
                data-testid="hourly-delta"
              >
                {delta > 0 ? `▲${delta}` : `▼${-delta}`}
              </small>
            )}
          </span>
          <span className="panel-kpi-label">{t('events.today')}</span>
        </div>
        <div className="panel-kpi">
          <span className="panel-kpi-value panel-kpi-past" data-testid="hourly-yesterday-total">
            {stats ? formatNumber(stats.yesterday.sameTimeTotal) : '—'}
          </span>
          <span className="panel-kpi-label">{t('events.yesterdaySameTime')}</span>
        </div>
      </div>
      <section className="events-hourly">
        <h3>
          {t('events.hourly')} <span className="legend-now">{t('events.legendToday')}</span>{' '}
          <span className="legend-past">{t('events.legendYesterday')}</span>
        </h3>
        {stats && (
          <HourlyEvents
            today={stats.today.byCategory}
            yesterday={stats.yesterday.byCategory}
            nowHour={nowHour}
          />
        )}
      </section>
      <section className="events-categories">
        <h3>
          {t('events.byCategory')} <small>{t('events.byCategoryNote')}</small>
        </h3>
        {stats && (
          <CategoryCompare
            names={categoryName}
            rows={stats.today.byCategory.map((c) => ({
              category: c.category,
              today: c.hours.reduce((a, b) => a + b, 0),
              yesterday: sameTime.get(c.category) ?? 0,
            }))}
          />
        )}
      </section>
    </aside>
  );
}
