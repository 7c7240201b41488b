import type { WorkflowAction } from '../domain/workflow';
import type { Permission } from './permissions';

/** Closing and cancelling an event are a supervisor's call; the other steps are the duty officer's. */
export const ACTION_PERMISSION: Record<WorkflowAction, Permission> = {
  accept: 'events:act',
  register: 'events:act',
  dispatch: 'events:act',
  start: 'events:act',
  handle: 'events:act',
  verify: 'events:act',
  reopen: 'events:act',
  cancel: 'events:supervise',
  close: 'events:supervise',
};
