import { useCallback, useEffect, useState } from 'react';
import {
  ASSIGNEE_REQUIRED,
  legalActions,
  NOTE_REQUIRED,
  type WorkflowAction,
} from '../../shared/domain/workflow';
import type { GridEvent, Transition } from '../../shared/schemas/event';
import { actionName, categoryName, statusName, subcategoryName, t } from '../i18n/t';
import { getJson, postJson } from '../net/api';
import type { Me } from '../pages/console-page';
import { formatCityTime } from '../panels/format-time';
import { DispatchRouting } from './dispatch-routing';

const SUPERVISOR_ACTIONS: ReadonlySet<WorkflowAction> = new Set(['close', 'cancel']);

/** One event: its facts, its lifecycle timeline, and the legal next steps as buttons. */
export function EventDetail({
  id,
  me,
  onClose,
  revision,
}: {
  id: string;
  me: Me;
  onClose: () => void;
  revision: number;
}) {
  const [detail, setDetail] = useState<{ event: GridEvent; transitions: Transition[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [assignee, setAssignee] = useState('');
  const load = useCallback(() => {
    getJson<{ event: GridEvent; transitions: Transition[] }>(`/api/events/${encodeURIComponent(id)}`).then(
      (d) => {
        setDetail(d);
        setError(null);
        setAssignee(d.event.grid ? `team:${d.event.grid.full}` : '');
      },
      (err: Error) => setError(err.message),
    );
  }, [id]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the live stream moves
  useEffect(load, [load, revision]);

  const act = async (action: WorkflowAction) => {
    try {
      await postJson(`/api/events/${encodeURIComponent(id)}/actions`, {
        action,
        ...(note.trim() ? { note } : {}),
        ...(ASSIGNEE_REQUIRED.has(action) ? { assignee } : {}),
      });
      setNote('');
      load();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  if (!detail) return <section className="event-detail">{error ?? '…'}</section>;
  const { event, transitions } = detail;
  const canAct = (a: WorkflowAction) =>
    me.permissions.includes(SUPERVISOR_ACTIONS.has(a) ? 'events:supervise' : 'events:act');
  return (
    <section className="event-detail" data-testid="event-detail">
      <header>
        <h2>
          {categoryName(event.category)} · {subcategoryName(event.category, event.subcategory)}
        </h2>
        <button type="button" onClick={onClose} aria-label={t('detail.close')}>
          ×
        </button>
      </header>
      <p className="desc" data-i18n="data">
        {event.description}
      </p>
      <dl>
        <dt>{t('detail.status')}</dt>
        <dd data-testid="event-status">{statusName(event.status)}</dd>
        <dt>{t('detail.id')}</dt>
        <dd>{event.id}</dd>
        <dt>{t('detail.reporter')}</dt>
        <dd data-i18n="data">
          {event.reporter ? `${event.reporter.name ?? ''} ${event.reporter.phone ?? ''}` : '—'}
        </dd>
        {event.dueAt && (
          <>
            <dt>{t('detail.due')}</dt>
            <dd>{formatCityTime(event.dueAt, 'Asia/Shanghai')}</dd>
          </>
        )}
      </dl>
      <div className="actions">
        <input
          aria-label={t('detail.note')}
          placeholder={t('detail.notePlaceholder')}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        {legalActions(event.status).includes('dispatch') && canAct('dispatch') && (
          // Dispatch goes through routing: the lists' proposal, or an override with a reason.
          <DispatchRouting
            eventId={event.id}
            note={note}
            onDone={() => {
              setNote('');
              load();
            }}
            onError={setError}
          />
        )}
        {legalActions(event.status)
          .filter((a) => canAct(a) && a !== 'dispatch')
          .map((a) => (
            <button
              key={a}
              type="button"
              data-action={a}
              disabled={NOTE_REQUIRED.has(a) && !note.trim()}
              onClick={() => act(a)}
            >
              {actionName(a)}
            </button>
          ))}
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <ol className="timeline">
        {transitions.map((step) => (
          <li key={`${step.at}-${step.action}`}>
            <time>{formatCityTime(step.at, 'Asia/Shanghai')}</time> {statusName(step.to)} ·{' '}
            <span data-i18n="data">{step.actor}</span>
            {step.note && (
              <span className="note" data-i18n="data">
                {' '}
                — {step.note}
              </span>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
