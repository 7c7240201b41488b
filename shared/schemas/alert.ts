import Type, { type Static, type TSchema } from 'typebox';

/**
 * Early-warning levels after China's Emergency Response Law: I red (highest), II orange, III yellow,
 * IV blue. Kept as colour words because every screen, config file and CAP mapping speaks in them.
 */
export const ALERT_LEVELS = ['blue', 'yellow', 'orange', 'red'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

/** The rules that raise alerts; each has its own file in shared/rules/. */
export const RULE_IDS = ['surge', 'repeat', 'key-area', 'sla', 'traffic', 'key-person', 'compound'] as const;
export type RuleId = (typeof RULE_IDS)[number];

/** raised → acknowledged → assigned → resolved → closed; every step stored and broadcast. */
export const ALERT_STATUSES = ['raised', 'acknowledged', 'assigned', 'resolved', 'closed'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** What an alert transition did; `raise`, `update`, `escalate` and auto-resolve come from the engine. */
export const ALERT_ACTIONS = [
  'raise',
  'update',
  'escalate',
  'acknowledge',
  'assign',
  'resolve',
  'close',
] as const;
export type AlertAction = (typeof ALERT_ACTIONS)[number];

/** CAP 1.2 info/category values this system uses. */
export const CAP_CATEGORIES = [
  'Geo',
  'Met',
  'Safety',
  'Security',
  'Rescue',
  'Fire',
  'Health',
  'Env',
  'Transport',
  'Infra',
  'Other',
] as const;
export type CapCategory = (typeof CAP_CATEGORIES)[number];
export const CAP_CERTAINTIES = ['Observed', 'Likely', 'Possible'] as const;
export type CapCertainty = (typeof CAP_CERTAINTIES)[number];

/** Where an alert applies: one grid of any level (or the city), with its district for team routing. */
export const AlertScopeSchema = Type.Object(
  {
    level: Type.Enum(['city', 'district', 'community', 'full', 'micro']),
    gridId: Type.String(),
    districtId: Type.Union([Type.String(), Type.Null()]),
    communityId: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type AlertScope = Static<typeof AlertScopeSchema>;

/** One member of a compound incident or of a grouped alert: an event, another alert or a warning. */
export const AlertMemberSchema = Type.Object(
  { kind: Type.Enum(['event', 'alert', 'warning']), id: Type.String(), label: Type.String() },
  { additionalProperties: false },
);
export type AlertMember = Static<typeof AlertMemberSchema>;

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/**
 * An alert as stored and sent to screens. It carries no personal data by construction: key-person
 * alerts say that a key person is involved, never who (the event itself is masked per role).
 */
export const AlertSchema = Type.Object(
  {
    id: Type.String(),
    rule: Type.Enum(RULE_IDS),
    /** Dedupe key: rule + scope; one live alert per key. */
    key: Type.String(),
    level: Type.Enum(ALERT_LEVELS),
    status: Type.Enum(ALERT_STATUSES),
    title: Type.String(),
    description: Type.String(),
    scope: AlertScopeSchema,
    lon: Nullable(Type.Number()),
    lat: Nullable(Type.Number()),
    capCategory: Type.Enum(CAP_CATEGORIES),
    certainty: Type.Enum(CAP_CERTAINTIES),
    keyPerson: Type.Boolean(),
    /** Times the condition was seen with new evidence (new events, or a return after clearing). */
    count: Type.Integer({ minimum: 1 }),
    /** Contributing events, newest last, capped. */
    eventIds: Type.Array(Type.String()),
    members: Type.Array(AlertMemberSchema),
    firstSeenAt: Type.Number(),
    lastSeenAt: Type.Number(),
    /** Since when the condition has been absent (hysteresis), or null while it holds. */
    clearSince: Nullable(Type.Number()),
    /** When the level last changed (raise or escalation): the re-escalation clock. */
    levelSince: Type.Number(),
    acknowledgedBy: Nullable(Type.String()),
    acknowledgedAt: Nullable(Type.Number()),
    assignee: Nullable(Type.String()),
    resolvedAt: Nullable(Type.Number()),
    closedAt: Nullable(Type.Number()),
    updatedAt: Type.Number(),
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type Alert = Static<typeof AlertSchema>;

/** One step of an alert's lifecycle. */
export const AlertTransitionSchema = Type.Object(
  {
    alertId: Type.String(),
    action: Type.Enum(ALERT_ACTIONS),
    from: Nullable(Type.Enum(ALERT_STATUSES)),
    to: Type.Enum(ALERT_STATUSES),
    level: Type.Enum(ALERT_LEVELS),
    actor: Type.String(),
    note: Type.String(),
    at: Type.Number(),
  },
  { additionalProperties: false },
);
export type AlertTransition = Static<typeof AlertTransitionSchema>;

/** A stored alert change, numbered by the alert log's own sequence. */
export interface AlertChange {
  seq: number;
  alert: Alert;
  transition: AlertTransition;
}
