import type { Alert, AlertStatus, AlertTransition } from '../schemas/alert';

/** What a duty officer can do to an alert; raise, escalate and auto-resolve belong to the engine. */
export const ALERT_COMMANDS = ['acknowledge', 'assign', 'resolve', 'close'] as const;
export type AlertCommand = (typeof ALERT_COMMANDS)[number];

const FROM: Record<AlertCommand, readonly AlertStatus[]> = {
  acknowledge: ['raised'],
  // Reassigning (assigned → assigned) hands the alert to another team.
  assign: ['acknowledged', 'assigned'],
  resolve: ['raised', 'acknowledged', 'assigned'],
  close: ['resolved'],
};
const TO: Record<AlertCommand, AlertStatus> = {
  acknowledge: 'acknowledged',
  assign: 'assigned',
  resolve: 'resolved',
  close: 'closed',
};

/** The commands a duty officer may give an alert in `status`, in lifecycle order. */
export function legalAlertCommands(status: AlertStatus): AlertCommand[] {
  return ALERT_COMMANDS.filter((c) => FROM[c].includes(status));
}

export const ALERT_STATUS_NAMES: Record<AlertStatus, string> = {
  raised: '已发布',
  acknowledged: '已确认',
  assigned: '已指派',
  resolved: '已解除',
  closed: '已关闭',
};

export interface AlertCommandInput {
  actor: string;
  note?: string;
  /** The district or grid team that takes the alert (assign). */
  assignee?: string;
}

export type AlertCommandResult =
  | { ok: true; alert: Alert; transition: AlertTransition }
  | { ok: false; reason: string };

/**
 * The lifecycle raised → acknowledged → assigned → resolved → closed as a pure function: the alert's
 * next state and the stored step, or why the command is refused.
 */
export function applyAlertCommand(
  alert: Alert,
  command: AlertCommand,
  input: AlertCommandInput,
  now: number,
): AlertCommandResult {
  if (!FROM[command].includes(alert.status)) {
    return {
      ok: false,
      reason: `cannot ${command} an alert that is ${alert.status} (${ALERT_STATUS_NAMES[alert.status]}); allowed from: ${FROM[command].join(', ')}`,
    };
  }
  if (command === 'assign' && !input.assignee?.trim())
    return { ok: false, reason: 'assign needs an assignee' };
  const to = TO[command];
  const next: Alert = { ...alert, status: to, updatedAt: now, version: alert.version + 1 };
  if (command === 'acknowledge') {
    next.acknowledgedBy = input.actor;
    next.acknowledgedAt = now;
  }
  if (command === 'assign') next.assignee = input.assignee!.trim();
  if (command === 'resolve') next.resolvedAt = now;
  if (command === 'close') next.closedAt = now;
  return {
    ok: true,
    alert: next,
    transition: {
      alertId: alert.id,
      action: command,
      from: alert.status,
      to,
      level: alert.level,
      actor: input.actor,
      note: input.note ?? '',
      at: now,
    },
  };
}
