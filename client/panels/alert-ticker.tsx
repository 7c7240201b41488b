import { LEVEL_NUMERALS } from '../../shared/rules/alert-level';
import type { Alert } from '../../shared/schemas/alert';
import { t } from '../i18n/t';
import { formatCityTime } from './format-time';
import './alert-ticker.css';

/** Most alerts the ticker shows; the rest are counted. */
const MAX_SHOWN = 6;

/**
 * The wall's alert ticker: active red and orange alerts, most severe and newest first, over the map.
 * Seen from metres away, so few words and big type; lower levels stay on the console.
 */
export function AlertTicker({
  alerts,
  timezone,
  planProgress,
}: {
  alerts: readonly Alert[];
  timezone: string;
  /** Alert id → its response plan's progress ("3/7"), shown as a badge beside the alert. */
  planProgress?: ReadonlyMap<string, string>;
}) {
  const severe = alerts.filter((a) => a.level === 'red' || a.level === 'orange');
  if (severe.length === 0) return null;
  return (
    <aside className="alert-ticker" data-testid="alert-ticker" aria-live="polite">
      <h2>{t('alert.ticker', { n: severe.length })}</h2>
      <ul>
        {severe.slice(0, MAX_SHOWN).map((a) => (
          <li key={a.id} className={`alert-${a.level}`} data-testid="alert-item">
            <span className="alert-level">
              {t(`alert.level.${a.level}`)} {LEVEL_NUMERALS[a.level]}
            </span>
            <span className="alert-title">{a.title}</span>
            <span className="alert-meta">
              {t(`alert.status.${a.status}`)} · {formatCityTime(a.firstSeenAt, timezone).slice(-8, -3)}
              {a.count > 1 ? ` · ×${a.count}` : ''}
              {planProgress?.has(a.id) && (
                <span className="plan-badge" data-testid="plan-badge">
                  {t('alert.plan', { progress: planProgress.get(a.id) ?? '' })}
                </span>
              )}
            </span>
          </li>
        ))}
      </ul>
      {severe.length > MAX_SHOWN && (
        <div className="alert-more">{t('alert.more', { n: severe.length - MAX_SHOWN })}</div>
      )}
    </aside>
  );
}
