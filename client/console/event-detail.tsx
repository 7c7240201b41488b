import { useCallback, useEffect, useState } from 'react';
import { categoryById, subcategoryOf } from '../../shared/domain/categories';
import { STATUS_NAMES } from '../../shared/domain/event-status';
import {
  ACTION_NAMES,
  ASSIGNEE_REQUIRED,
  legalActions,
  NOTE_REQUIRED,
  type WorkflowAction,
} from '../../shared/domain/workflow';
import type { GridEvent, Transition } from '../../shared/schemas/event';
import { getJson, postJson } from '../net/api';
import type { Me } from '../pages/console-page';
import { formatCityTime } from '../panels/format-time';

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
          {categoryById(event.category)?.name} · {subcategoryOf(event.category, event.subcategory)?.name}
        </h2>
        <button type="button" onClick={onClose} aria-label="关闭">
          ×
        </button>
      </header>
      <p className="desc">{event.description}</p>
      <dl>
        <dt>状态</dt>
        <dd data-testid="event-status">{STATUS_NAMES[event.status]}</dd>
        <dt>编号</dt>
        <dd>{event.id}</dd>
        <dt>上报人</dt>
        <dd>{event.reporter ? `${event.reporter.name ?? ''} ${event.reporter.phone ?? ''}` : '—'}</dd>
        {event.dueAt && (
          <>
            <dt>处置时限</dt>
            <dd>{formatCityTime(event.dueAt, 'Asia/Shanghai')}</dd>
          </>
        )}
      </dl>
      <div className="actions">
        <input
          aria-label="备注"
          placeholder="备注（注销、退回时必填）"
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        {legalActions(event.status).includes('dispatch') && (
          <input aria-label="派遣对象" value={assignee} onChange={(e) => setAssignee(e.target.value)} />
        )}
        {legalActions(event.status)
          .filter(canAct)
          .map((a) => (
            <button
              key={a}
              type="button"
              data-action={a}
              disabled={NOTE_REQUIRED.has(a) && !note.trim()}
              onClick={() => act(a)}
            >
              {ACTION_NAMES[a]}
            </button>
          ))}
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <ol className="timeline">
        {transitions.map((t) => (
          <li key={`${t.at}-${t.action}`}>
            <time>{formatCityTime(t.at, 'Asia/Shanghai')}</time> {STATUS_NAMES[t.to]} · {t.actor}
            {t.note && <span className="note"> — {t.note}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
