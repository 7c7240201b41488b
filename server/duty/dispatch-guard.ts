import { proposeUnit } from '../../shared/domain/routing';
import type { GridEvent } from '../../shared/schemas/event';
import type { AppContext } from '../app-context';

/**
 * The responsibility lists' rule for every human dispatch, whatever door it comes through (HTTP
 * actions, socket commands): an assignee other than the proposed unit needs a reason in the note, and
 * such an override is audited. POST /api/events/:id/dispatch applies the same rule with its own field.
 */
export function dispatchGuard(
  ctx: AppContext,
  actor: string,
  assignee: string | undefined,
  note: string | undefined,
) {
  return (event: GridEvent): string | null => {
    const proposal = proposeUnit(
      event,
      ctx.duty.responsibilities,
      event.grid,
      (id) => ctx.dataset.grids.get(id)?.name,
    );
    const chosen = assignee?.trim() ?? '';
    if (!proposal || chosen === proposal.unitId) return null;
    if (!note?.trim()) {
      return `the lists propose ${proposal.unitId} (${proposal.unitName}); dispatching to ${chosen} needs a reason in the note`;
    }
    ctx.auth.audit({
      at: Date.now(),
      actor,
      action: 'dispatch:override',
      target: `event:${event.id}`,
      detail: { proposed: proposal.unitId, assignee: chosen, reason: note.trim() },
    });
    return null;
  };
}
