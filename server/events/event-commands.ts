import { subcategoryOf } from '../../shared/domain/categories';
import { transition, type WorkflowAction } from '../../shared/domain/workflow';
import type { Ack } from '../../shared/protocol';
import type { GridEvent } from '../../shared/schemas/event';
import type { LiveHub } from '../realtime/live-hub';
import { type Store, VersionConflictError } from '../store/store';

export interface ActionInput {
  actor: string;
  /** When set, the actor may act only on events in this district (per-district operators). */
  district?: string | null;
  /** A further rule on the stored event (e.g. the dispatch routing check); a message refuses the action. */
  check?: (event: GridEvent) => string | null;
  note?: string;
  assignee?: string;
}

/** Error codes a command can answer with; HTTP maps them to statuses. */
export const COMMAND_ERROR_STATUS: Record<string, number> = {
  not_found: 404,
  illegal_transition: 409,
  conflict: 409,
  bad_request: 400,
  forbidden: 403,
};

/**
 * Workflow commands on stored events (accept, dispatch, close…), shared by HTTP and Socket.IO. The
 * pure state machine decides legality; the store's version check makes concurrent officers safe.
 */
export class EventCommands {
  constructor(
    private readonly store: Store,
    private readonly hub: LiveHub,
    private readonly now: () => number,
  ) {}

  async act(eventId: string, action: WorkflowAction, input: ActionInput): Promise<Ack<GridEvent>> {
    const [event] = await this.store.getEvents([eventId]);
    if (!event) return fail('not_found', `no event with id "${eventId}"`);
    if (input.district && event.grid?.district !== input.district) {
      return fail('forbidden', `event ${eventId} is outside your district (${input.district})`);
    }
    const result = transition(event.status, action, input);
    if (!result.ok) return fail('illegal_transition', result.reason);
    const refused = input.check?.(event);
    if (refused) return fail('bad_request', refused);
    const at = this.now();
    const next: GridEvent = { ...event, status: result.status, version: event.version + 1, updatedAt: at };
    if (action === 'dispatch') {
      const limitHours = subcategoryOf(event.category, event.subcategory)?.limitHours ?? 24;
      next.assignee = input.assignee ?? null;
      next.dispatchedAt = at;
      next.dueAt = at + limitHours * 3_600_000;
    }
    if (result.status === 'closed' || result.status === 'cancelled') next.closedAt = at;
    try {
      const changes = await this.store.updateEvents([
        {
          event: next,
          expectedVersion: event.version,
          transition: {
            eventId,
            action,
            from: event.status,
            to: next.status,
            actor: input.actor,
            note: input.note ?? '',
            at,
          },
        },
      ]);
      this.hub.publish(changes);
      return { ok: true, data: next };
    } catch (err) {
      if (err instanceof VersionConflictError) return fail('conflict', err.message);
      throw err;
    }
  }
}

function fail(code: string, message: string): Ack<never> {
  return { ok: false, error: { code, message } };
}
