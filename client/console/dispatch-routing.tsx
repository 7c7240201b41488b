import { useEffect, useState } from 'react';
import { HANDLING_LEVEL_NAMES } from '../../shared/domain/responsibilities';
import type { RouteProposal } from '../../shared/domain/routing';
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
        <p className="muted">正在查询责任清单…</p>
      ) : proposal ? (
        <p className="proposal" data-testid="route-proposal">
          建议派遣：<strong>{proposal.unitName}</strong>
          <span className="level-tag">{HANDLING_LEVEL_NAMES[proposal.level]}</span>
          <br />
          <small>{proposal.reason}</small>
        </p>
      ) : (
        <p className="muted">责任清单未覆盖此类事件，请填写派遣对象。</p>
      )}
      <input aria-label="派遣对象" value={assignee} onChange={(e) => setAssignee(e.target.value)} />
      {override && (
        <input
          aria-label="改派理由"
          className="override-reason"
          placeholder={`改派理由（建议为 ${proposal?.unitName}）`}
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
        {override ? '改派' : '派遣'}
      </button>
    </div>
  );
}
