import { type EventStatus, STATUS_NAMES } from './event-status';

/**
 * The GB/T 30428 workflow as a pure state machine: which action is legal in which status, what it
 * leads to, and what it must carry. Every illegal transition is refused with a reason a duty officer
 * can read.
 */
export type WorkflowAction =
  | 'accept'
  | 'cancel'
  | 'register'
  | 'dispatch'
  | 'start'
  | 'handle'
  | 'verify'
  | 'reopen'
  | 'close';

export const WORKFLOW_ACTIONS: readonly WorkflowAction[] = [
  'accept',
  'cancel',
  'register',
  'dispatch',
  'start',
  'handle',
  'verify',
  'reopen',
  'close',
];

const TRANSITIONS: Record<EventStatus, Partial<Record<WorkflowAction, EventStatus>>> = {
  reported: { accept: 'accepted', cancel: 'cancelled' },
  accepted: { register: 'registered', cancel: 'cancelled' },
  registered: { dispatch: 'dispatched' },
  dispatched: { start: 'handling' },
  handling: { handle: 'handled' },
  handled: { verify: 'verified', reopen: 'handling' },
  verified: { close: 'closed', reopen: 'handling' },
  closed: {},
  cancelled: {},
};

/** Actions that must carry a note: a cancellation says why, a reopening says what is still wrong. */
export const NOTE_REQUIRED: ReadonlySet<WorkflowAction> = new Set(['cancel', 'reopen']);
/** Actions that must name who takes the event. */
export const ASSIGNEE_REQUIRED: ReadonlySet<WorkflowAction> = new Set(['dispatch']);

export const ACTION_NAMES: Record<WorkflowAction, string> = {
  accept: '受理',
  cancel: '注销',
  register: '立案',
  dispatch: '派遣',
  start: '开始处置',
  handle: '处置反馈',
  verify: '核查通过',
  reopen: '退回处置',
  close: '结案',
};

/** English button names, for consoles switched to English. */
export const ACTION_NAMES_EN: Record<WorkflowAction, string> = {
  accept: 'Accept',
  cancel: 'Cancel',
  register: 'Register',
  dispatch: 'Dispatch',
  start: 'Start handling',
  handle: 'Report handled',
  verify: 'Verify',
  reopen: 'Send back',
  close: 'Close',
};

export type TransitionResult = { ok: true; status: EventStatus } | { ok: false; reason: string };

/** The status `action` leads to from `status`, or why it may not be taken. */
export function transition(
  status: EventStatus,
  action: WorkflowAction,
  input: { note?: string; assignee?: string } = {},
): TransitionResult {
  const next = TRANSITIONS[status][action];
  if (!next) {
    const legal = legalActions(status);
    return {
      ok: false,
      reason:
        `cannot ${action} an event that is ${status} (${STATUS_NAMES[status]}); ` +
        (legal.length ? `allowed: ${legal.join(', ')}` : 'it is final'),
    };
  }
  if (NOTE_REQUIRED.has(action) && !input.note?.trim())
    return { ok: false, reason: `${action} needs a note` };
  if (ASSIGNEE_REQUIRED.has(action) && !input.assignee?.trim()) {
    return { ok: false, reason: `${action} needs an assignee` };
  }
  return { ok: true, status: next };
}

/** The actions legal from `status`, in workflow order. */
export function legalActions(status: EventStatus): WorkflowAction[] {
  return WORKFLOW_ACTIONS.filter((a) => TRANSITIONS[status][a] !== undefined);
}
