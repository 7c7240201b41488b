import { useState } from 'react';
import { LEVEL_NUMERALS } from '../../shared/rules/alert-level';
import { type AlertCommand, legalAlertCommands } from '../../shared/rules/alert-workflow';
import type { Alert } from '../../shared/schemas/alert';
import { t } from '../i18n/t';
import { postJson } from '../net/api';
import type { Me } from '../pages/console-page';

/** Assigning and closing are a supervisor's call; acknowledging and resolving the duty officer's. */
const NEEDS: Record<AlertCommand, string> = {
  acknowledge: 'alerts:act',
  assign: 'events:supervise',
  resolve: 'alerts:act',
  close: 'events:supervise',
};

/** Live alerts on the console, most severe first, each with the commands its status allows. */
export function AlertList({
  alerts,
  me,
  onLocate,
}: {
  alerts: readonly Alert[];
  me: Me;
  onLocate: (a: Alert) => void;
}) {
  const [open, setOpen] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [assignee, setAssignee] = useState('');
  const [error, setError] = useState<string | null>(null);
  const run = async (alert: Alert, command: AlertCommand) => {
    setError(null);
    try {
      await postJson(`/api/alerts/${encodeURIComponent(alert.id)}/actions`, {
        action: command,
        ...(note.trim() ? { note } : {}),
        ...(command === 'assign' ? { assignee } : {}),
      });
      setNote('');
    } catch (err) {
      setError((err as Error).message);
    }
  };
  if (alerts.length === 0) return null;
  return (
    <section className="alert-list" data-testid="alert-list">
      <h2>{t('alert.ticker', { n: alerts.length })}</h2>
      <ul>
        {alerts.slice(0, 30).map((a) => (
          <li key={a.id} className={`alert-row alert-${a.level}`} data-alert-id={a.id}>
            <button
              type="button"
              className="alert-head"
              onClick={() => {
                setOpen(open === a.id ? null : a.id);
                onLocate(a);
              }}
            >
              {t(`alert.level.${a.level}`)} {LEVEL_NUMERALS[a.level]} ·{' '}
              <span data-i18n="data">{a.title}</span> · {t(`alert.status.${a.status}`)}
              {a.count > 1 ? ` ×${a.count}` : ''}
            </button>
            {open === a.id && (
              <div className="actions">
                <input
                  aria-label={t('alert.note')}
                  placeholder={t('detail.note')}
                  value={note}
                  onChange={(e) => setNote(e.target.value)}
                />
                {legalAlertCommands(a.status).includes('assign') && (
                  <input
                    aria-label={t('alert.assignee')}
                    placeholder={t('alert.assigneePlaceholder')}
                    value={assignee}
                    onChange={(e) => setAssignee(e.target.value)}
                  />
                )}
                {legalAlertCommands(a.status)
                  .filter((c) => me.permissions.includes(NEEDS[c]))
                  .map((c) => (
                    <button key={c} type="button" data-alert-action={c} onClick={() => run(a, c)}>
                      {t(`alert.command.${c}`)}
                    </button>
                  ))}
              </div>
            )}
          </li>
        ))}
      </ul>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
