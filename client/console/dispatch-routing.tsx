import { useEffect, useState } from 'react';
import type { RouteProposal } from '../../shared/domain/routing';
import { t } from '../i18n/t';
import { getJson, postJson } from '../net/api';
import './duty.css';

/**
 * Dispatch with routing: the unit the responsibility lists propose (with why), pre-filled as the
 * assignee. Changing it is an override and needs a reason, which the server audits.
 */
export function DispatchRouting({
  eventId,
  note,
  onDone,
  onError,
}: {
  eventId: string;
  note: string;
  onDone: () => void;
  onError: (message: string) => void;
}) {
  const [proposal, setProposal] = useState<RouteProposal | null | undefined>(undefined);
  const [assignee, setAssignee] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    getJson<{ proposal: RouteProposal | null }>(
      `/api/events/${encodeURIComponent(eventId)}/route-proposal`,
    ).then(
      (r) => {
        setProposal(r.proposal);
        setAssignee(r.proposal?.unitId ?? '');
      },
      (err: Error) => {
        setProposal(null);
        onError(err.message);
      },
    );
  }, [eventId, onError]);

  const override = proposal !== undefined && proposal !== null && assignee.trim() !== proposal.unitId;
  const dispatch = async () => {
    setBusy(true);
    try {
      await postJson(`/api/events/${encodeURIComponent(eventId)}/dispatch`, {
        assignee: assignee.trim(),
        ...(note.trim() ? { note } : {}),
        ...(override ? { overrideReason: reason } : {}),
      });
      setReason('');
      onDone();
    } catch (err) {
      onError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="dispatch-routing" data-testid="dispatch-routing">
      {proposal === undefined ? (
        <p className="muted">{t('dispatch.loading')}</p>
      ) : proposal ? (
        <p className="proposal" data-testid="route-proposal">
          {t('dispatch.proposed')}
          <strong data-i18n="data">{proposal.unitName}</strong>
          <span className="level-tag">{t(`dispatch.level.${proposal.level}`)}</span>
          <br />
          <small data-i18n="data">{proposal.reason}</small>
        </p>
      ) : (
        <p className="muted">{t('dispatch.notCovered')}</p>
      )}
      <input
        aria-label={t('detail.assignee')}
        value={assignee}
        onChange={(e) => setAssignee(e.target.value)}
      />
      {override && (
        <input
          aria-label={t('dispatch.overrideReason')}
          className="override-reason"
          placeholder={t('dispatch.overridePlaceholder', { unit: proposal?.unitName ?? '' })}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      )}
      <button
        type="button"
        data-action="dispatch"
        disabled={busy || proposal === undefined || !assignee.trim() || (override && !reason.trim())}
        onClick={dispatch}
      >
        {override ? t('dispatch.override') : t('dispatch.dispatch')}
      </button>
    </div>
  );
}
