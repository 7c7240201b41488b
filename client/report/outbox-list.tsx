import { t } from '../i18n/t';
import type { ReportQueue } from './report-queue';

export interface OutboxListProps {
  queue: ReportQueue;
  now: number;
  online: boolean;
  onRemove: (id: string) => void;
  onRetry: () => void;
}

/** What is waiting on this phone, what the server refused, and what was delivered lately. */
export function OutboxList({ queue, now, online, onRemove, onRetry }: OutboxListProps) {
  const waiting = queue.items.filter((r) => r.state !== 'rejected').length;
  return (
    <section className="outbox" data-testid="outbox">
      {!online && (
        <p className="offline-note" role="alert" data-testid="offline-note">
          {t('report.offline')}
        </p>
      )}
      <h2 data-testid="outbox-count" data-pending={waiting}>
        {waiting > 0 ? t('report.outbox', { n: waiting }) : t('report.outboxEmpty')}
      </h2>
      <ul>
        {queue.items.map((r) => (
          <li
            key={r.id}
            className={`outbox-item outbox-${r.state}`}
            data-report-id={r.id}
            data-state={r.state}
          >
            <span className="desc" data-i18n="data">
              {r.input.description}
            </span>
            <span className="state">
              {r.state === 'rejected'
                ? t('report.rejected', { error: r.lastError ?? '' })
                : r.state === 'sending'
                  ? t('report.sending')
                  : r.nextAttemptAt > now
                    ? `${t('report.pending')} · ${t('report.retryAt', { s: Math.ceil((r.nextAttemptAt - now) / 1000) })}`
                    : t('report.pending')}
            </span>
            {r.state === 'rejected' ? (
              <button type="button" onClick={() => onRemove(r.id)}>
                {t('report.discard')}
              </button>
            ) : (
              r.nextAttemptAt > now && (
                <button type="button" onClick={onRetry} aria-label="retry">
                  ↻
                </button>
              )
            )}
          </li>
        ))}
        {queue.delivered.map((d) => (
          <li
            key={d.id}
            className="outbox-item outbox-delivered"
            data-report-id={d.id}
            data-state="delivered"
          >
            <span className="desc" data-i18n="data">
              {d.description}
            </span>
            <span className="state">✓ {t('report.delivered')}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
