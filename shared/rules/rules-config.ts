import Type, { type Static, type TSchema } from 'typebox';
import { ALERT_LEVELS, RULE_IDS } from '../schemas/alert';

const Level = Type.Enum(ALERT_LEVELS);
const Minutes = (max = 10_080) => Type.Number({ minimum: 0, maximum: max });
const Thresholds = (opts: { minimum?: number } = {}) =>
  Type.Object(
    { blue: Type.Number(opts), yellow: Type.Number(opts), orange: Type.Number(opts), red: Type.Number(opts) },
    { additionalProperties: false },
  );
const Strict = <T extends Record<string, TSchema>>(props: T) =>
  Type.Object(props, { additionalProperties: false });

/** How alerts of a rule behave once raised; every field may be overridden per rule. */
export const AlertPolicySchema = Strict({
  /** Hysteresis: the condition must stay absent this long before the alert auto-resolves. */
  clearMinutes: Minutes(),
  /** After an alert resolves, the same rule + scope raises nothing new for this long. */
  suppressMinutes: Minutes(),
  /** An alert nobody acknowledged goes one level up after this long, again and again; 0 = never. */
  reescalateMinutes: Minutes(),
  /** A resolved alert closes after this long. */
  closeAfterMinutes: Minutes(),
  /**
   * Most event ids an alert keeps as its evidence, the newest (the count keeps counting past it);
   * absent = MAX_EVENT_IDS (200). At least 50: a signal carries up to 20 ids (the surge rule's
   * newest), and ids an alert no longer keeps would count again.
   */
  evidenceIds: Type.Optional(Type.Integer({ minimum: 50, maximum: 10_000 })),
});
export type AlertPolicy = Static<typeof AlertPolicySchema>;
const PolicyOverride = Type.Optional(Type.Partial(AlertPolicySchema));

/** A time window in which matching signals raise nothing (maintenance, drills, known gatherings). */
export const SuppressionSchema = Strict({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  rule: Type.Optional(Type.Enum(RULE_IDS)),
  /** A grid of any level: signals in it or below it are muted; absent = the whole city. */
  gridId: Type.Optional(Type.String({ minLength: 1 })),
  from: Type.Number({ minimum: 0 }),
  to: Type.Number({ minimum: 0 }),
  reason: Type.String({ maxLength: 200 }),
});
export type Suppression = Static<typeof SuppressionSchema>;

const CompoundMember = Type.Union([
  Strict({
    source: Type.Literal('events'),
    label: Type.String(),
    category: Type.String(),
    subcategory: Type.Optional(Type.String()),
    min: Type.Integer({ minimum: 1 }),
  }),
  Strict({ source: Type.Literal('signal'), label: Type.String(), rule: Type.Enum(RULE_IDS) }),
  Strict({ source: Type.Literal('warning'), label: Type.String(), type: Type.String() }),
]);

export const RulesConfigSchema = Strict({
  version: Type.Literal(1),
  /** Local time offset for hour-of-week baselines and CAP times (Longgang: +08:00 = 480). */
  utcOffsetMinutes: Type.Integer({ minimum: -720, maximum: 840 }),
  /** How often time-based rules (SLA, re-escalation, clearing) are evaluated. */
  evaluateMs: Type.Integer({ minimum: 100, maximum: 60_000 }),
  alerts: AlertPolicySchema,
  suppressions: Type.Array(SuppressionSchema),
  rules: Strict({
    surge: Strict({
      enabled: Type.Boolean(),
      policy: PolicyOverride,
      levels: Type.Array(Type.Enum(['micro', 'full', 'community', 'district']), { minItems: 1 }),
      windowMinutes: Type.Integer({ minimum: 5, maximum: 1440 }),
      bucketMinutes: Type.Integer({ minimum: 1, maximum: 60 }),
      /** EWMA weight of the newest week in the hour-of-week baseline. */
      alpha: Type.Number({ exclusiveMinimum: 0, maximum: 1 }),
      historyDays: Type.Integer({ minimum: 0, maximum: 90 }),
      /** Fewest events in the window before a surge can be called, per grid level. */
      minCount: Type.Record(Type.String(), Type.Integer({ minimum: 1 })),
      /** Expected events per hour never taken below this (a quiet grid is not infinitely surprising). */
      floorPerHour: Type.Number({ exclusiveMinimum: 0 }),
      /** Window count ÷ expected count needed for each level. */
      ratios: Thresholds({ minimum: 1 }),
    }),
    repeat: Strict({
      enabled: Type.Boolean(),
      policy: PolicyOverride,
      radiusMeters: Type.Number({ minimum: 10, maximum: 5000 }),
      windowMinutes: Type.Integer({ minimum: 1, maximum: 1440 }),
      sameCategory: Type.Boolean(),
      counts: Thresholds({ minimum: 2 }),
    }),
    'key-area': Strict({
      enabled: Type.Boolean(),
      policy: PolicyOverride,
      /** Crowd count ÷ capacity per level (70/85/95/100 %). */
      crowd: Thresholds({ minimum: 0 }),
      /** Water level above normal, metres. */
      waterLevel: Thresholds({ minimum: 0 }),
      /** Smoke obscuration, %/m. */
      smoke: Thresholds({ minimum: 0 }),
      /** A reading older than this no longer counts. */
      staleMinutes: Minutes(1440),
      /** An active alert clears only once the reading falls this share below the blue threshold. */
      hysteresis: Type.Number({ minimum: 0, maximum: 0.5 }),
    }),
    sla: Strict({
      enabled: Type.Boolean(),
      policy: PolicyOverride,
      minSeverity: Type.Enum(['low', 'medium', 'high', 'critical']),
      near: Type.Union([Level, Type.Null()]),
      overdue: Strict({ community: Level, district: Level, city: Level }),
    }),
    traffic: Strict({
      enabled: Type.Boolean(),
      policy: PolicyOverride,
      tpi: Thresholds({ minimum: 0 }),
      tpiMinutes: Minutes(240),
      heavySegmentLevel: Level,
      mainRoadClasses: Type.Array(Type.Enum(['expressway', 'arterial', 'collector', 'branch'])),
      parking: Thresholds({ minimum: 0 }),
    }),
    'key-person': Strict({ enabled: Type.Boolean(), policy: PolicyOverride, level: Level }),
    compound: Strict({
      enabled: Type.Boolean(),
      policy: PolicyOverride,
      patterns: Type.Array(
        Strict({
          id: Type.String({ pattern: '^[a-z0-9-]{1,32}$' }),
          name: Type.String({ minLength: 1 }),
          windowMinutes: Type.Integer({ minimum: 1, maximum: 1440 }),
          level: Level,
          /** How many members must coincide (default: all). */
          minMembers: Type.Optional(Type.Integer({ minimum: 2 })),
          members: Type.Array(CompoundMember, { minItems: 2 }),
        }),
      ),
    }),
  }),
  risk: Strict({
    pushMs: Type.Integer({ minimum: 500, maximum: 60_000 }),
    halfLifeMinutes: Type.Number({ exclusiveMinimum: 0 }),
    severityWeights: Strict({
      low: Type.Number(),
      medium: Type.Number(),
      high: Type.Number(),
      critical: Type.Number(),
    }),
    levelWeights: Thresholds({ minimum: 0 }),
  }),
  cap: Strict({
    /** GB/T 35965.1 sender code: the 6-digit admin code, then the issuing unit (14 digits). */
    senderCode: Type.String({ pattern: '^[0-9]{14}$' }),
    sender: Type.String({ minLength: 1, pattern: '^[^\\s,<&]+$' }),
    senderName: Type.String({ minLength: 1 }),
  }),
});
export type RulesConfig = Static<typeof RulesConfigSchema>;

/** The effective policy of a rule: the global one with the rule's overrides. */
export function policyOf(config: RulesConfig, rule: (typeof RULE_IDS)[number]): AlertPolicy {
  return { ...config.alerts, ...config.rules[rule].policy };
}
