import { describe, expect, it } from 'vitest';
import { EVENT_STATUSES } from './event-status';
import { legalActions, transition, WORKFLOW_ACTIONS } from './workflow';

describe('event workflow', () => {
  it('walks the happy path from reported to closed', () => {
    let status = 'reported' as (typeof EVENT_STATUSES)[number];
    const path = ['accept', 'register', 'dispatch', 'start', 'handle', 'verify', 'close'] as const;
    for (const action of path) {
      const r = transition(status, action, { assignee: 'team-1' });
      expect(r.ok, `${action} from ${status}`).toBe(true);
      if (r.ok) status = r.status;
    }
    expect(status).toBe('closed');
  });

  it('sends a failed verification back to handling, with a note', () => {
    expect(transition('handled', 'reopen', { note: '仍有垃圾' })).toEqual({ ok: true, status: 'handling' });
    expect(transition('handled', 'reopen', { note: '  ' })).toEqual({
      ok: false,
      reason: 'reopen needs a note',
    });
  });

  it('needs a reason to cancel and an assignee to dispatch', () => {
    expect(transition('reported', 'cancel')).toMatchObject({ ok: false, reason: 'cancel needs a note' });
    expect(transition('reported', 'cancel', { note: '重复上报' })).toEqual({ ok: true, status: 'cancelled' });
    expect(transition('registered', 'dispatch')).toMatchObject({
      ok: false,
      reason: 'dispatch needs an assignee',
    });
  });

  it('refuses every illegal transition with a reason naming the legal ones', () => {
    let refused = 0;
    for (const status of EVENT_STATUSES) {
      const legal = legalActions(status);
      for (const action of WORKFLOW_ACTIONS.filter((a) => !legal.includes(a))) {
        const r = transition(status, action, { note: 'n', assignee: 'a' });
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.reason).toContain(`cannot ${action} an event that is ${status}`);
        refused++;
      }
    }
    // 9 statuses × 9 actions, less the 11 legal pairs.
    expect(refused).toBe(81 - 11);
  });

  it('treats closed and cancelled as final', () => {
    expect(legalActions('closed')).toEqual([]);
    expect(transition('cancelled', 'accept')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('it is final'),
    });
  });
});
