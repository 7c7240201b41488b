import Type, { type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { levelRank } from '../rules/alert-level';
import { ALERT_LEVELS, type AlertLevel, RULE_IDS, type RuleId } from '../schemas/alert';

/**
 * Response plans (应急预案): for each alert kind (the rule that raised it) and level, a checklist of
 * steps and the units to notify. data/<city>/response-plans.json holds the plans; when a red or orange
 * alert is raised the server opens an instance of its plan, and officers tick its steps with a note.
 */

/** Levels that open a plan instance by themselves. */
export const PLAN_LEVELS: readonly AlertLevel[] = ['orange', 'red'];

const Id = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' });

export const PlanStepSchema = Type.Object(
  {
    id: Id,
    text: Type.String({ minLength: 1, maxLength: 200 }),
    /** Who carries the step out. */
    unit: Type.String({ minLength: 1, maxLength: 64 }),
    /** Levels the step applies to; all levels of the plan when absent. */
    levels: Type.Optional(Type.Array(Type.Enum(ALERT_LEVELS), { minItems: 1 })),
  },
  { additionalProperties: false },
);

export const ResponsePlanSchema = Type.Object(
  {
    id: Id,
    rule: Type.Enum(RULE_IDS),
    levels: Type.Array(Type.Enum(ALERT_LEVELS), { minItems: 1 }),
    name: Type.String({ minLength: 1 }),
    notify: Type.Array(Type.String({ minLength: 1 })),
    steps: Type.Array(PlanStepSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);
export type ResponsePlan = Static<typeof ResponsePlanSchema>;

export const ResponsePlansFileSchema = Type.Object(
  {
    city: Type.String(),
    provenance: Type.String(),
    synthetic: Type.Boolean(),
    plans: Type.Array(ResponsePlanSchema),
  },
  { additionalProperties: false },
);
export type ResponsePlansFile = Static<typeof ResponsePlansFileSchema>;

export const PlanInstanceStepSchema = Type.Object(
  {
    id: Type.String(),
    text: Type.String(),
    unit: Type.String(),
    done: Type.Boolean(),
    note: Type.String(),
    by: Type.Union([Type.String(), Type.Null()]),
    at: Type.Union([Type.Number(), Type.Null()]),
  },
  { additionalProperties: false },
);

/** One plan opened for one alert. */
export const PlanInstanceSchema = Type.Object(
  {
    id: Type.String(),
    alertId: Type.String(),
    planId: Type.String(),
    rule: Type.Enum(RULE_IDS),
    /** The highest level the alert reached while the plan was open. */
    level: Type.Enum(ALERT_LEVELS),
    name: Type.String(),
    /** The alert's title when the plan opened, so a plan reads on its own. */
    title: Type.String(),
    notify: Type.Array(Type.String()),
    steps: Type.Array(PlanInstanceStepSchema),
    createdAt: Type.Number(),
    updatedAt: Type.Number(),
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type PlanInstance = Static<typeof PlanInstanceSchema>;

/**
 * Compiled on first use, not when the module loads: browsers load this module for `planProgress`
 * (the wall's first script, client/wall/wall-session.ts), where compiling the schema cost ~80 ms of a
 * cold start before the socket opened, and only the server checks plans files.
 */
let checkFile: ReturnType<typeof Compile<typeof ResponsePlansFileSchema>> | null = null;

/** Every problem with a plans file as `path: message`; it must cover every rule at orange and red. */
export function responsePlanProblems(value: unknown): string[] {
  checkFile ??= Compile(ResponsePlansFileSchema);
  if (!checkFile.Check(value)) {
    return [...checkFile.Errors(value)].slice(0, 20).map((e) => `${e.instancePath || '/'}: ${e.message}`);
  }
  const file = value as ResponsePlansFile;
  const problems: string[] = [];
  const ids = new Set<string>();
  const covered = new Map<string, string>();
  for (const [i, plan] of file.plans.entries()) {
    if (ids.has(plan.id)) problems.push(`/plans/${i}: duplicate plan id ${plan.id}`);
    ids.add(plan.id);
    for (const level of plan.levels) {
      const key = `${plan.rule}/${level}`;
      const other = covered.get(key);
      if (other) problems.push(`/plans/${i}: ${key} is already covered by plan ${other}`);
      covered.set(key, plan.id);
    }
    const steps = new Set<string>();
    for (const [j, step] of plan.steps.entries()) {
      if (steps.has(step.id)) problems.push(`/plans/${i}/steps/${j}: duplicate step id ${step.id}`);
      steps.add(step.id);
      for (const level of step.levels ?? []) {
        if (!plan.levels.includes(level))
          problems.push(`/plans/${i}/steps/${j}: level ${level} is not one of the plan's`);
      }
    }
  }
  for (const rule of RULE_IDS) {
    for (const level of PLAN_LEVELS) {
      if (!covered.has(`${rule}/${level}`)) problems.push(`/plans: no plan for ${rule} at ${level}`);
    }
  }
  return problems;
}

/** The plan for an alert kind and level, or null. */
export function planFor(file: ResponsePlansFile, rule: RuleId, level: AlertLevel): ResponsePlan | null {
  return file.plans.find((p) => p.rule === rule && p.levels.includes(level)) ?? null;
}

const applies = (step: ResponsePlan['steps'][number], level: AlertLevel) =>
  !step.levels || step.levels.includes(level);

/** A fresh instance of `plan` for an alert, with the steps of its level, none done. */
export function instantiatePlan(
  plan: ResponsePlan,
  alert: { id: string; rule: RuleId; level: AlertLevel; title: string },
  now: number,
): PlanInstance {
  return {
    id: `PL-${alert.id}`,
    alertId: alert.id,
    planId: plan.id,
    rule: alert.rule,
    level: alert.level,
    name: plan.name,
    title: alert.title,
    notify: [...plan.notify],
    steps: plan.steps
      .filter((s) => applies(s, alert.level))
      .map((s) => ({ id: s.id, text: s.text, unit: s.unit, done: false, note: '', by: null, at: null })),
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
}

/**
 * The instance after its alert escalated to `level`: the steps of the higher level join, in plan
 * order, ticks kept. Unchanged (the same object) when `level` is not higher.
 */
export function escalatePlan(
  instance: PlanInstance,
  plan: ResponsePlan,
  level: AlertLevel,
  now: number,
): PlanInstance {
  if (levelRank(level) <= levelRank(instance.level)) return instance;
  const have = new Map(instance.steps.map((s) => [s.id, s]));
  const steps = plan.steps
    .filter((s) => have.has(s.id) || applies(s, level))
    .map(
      (s) =>
        have.get(s.id) ?? { id: s.id, text: s.text, unit: s.unit, done: false, note: '', by: null, at: null },
    );
  return { ...instance, level, steps, updatedAt: now, version: instance.version + 1 };
}

export type TickResult =
  | { ok: true; instance: PlanInstance }
  | { ok: false; code: 'not_found'; reason: string };

/** Ticks (or unticks) one step with a note, recording who and when. */
export function tickStep(
  instance: PlanInstance,
  stepId: string,
  input: { done: boolean; note: string; actor: string; at: number },
): TickResult {
  if (!instance.steps.some((s) => s.id === stepId))
    return { ok: false, code: 'not_found', reason: `plan ${instance.id} has no step "${stepId}"` };
  const steps = instance.steps.map((s) =>
    s.id === stepId ? { ...s, done: input.done, note: input.note, by: input.actor, at: input.at } : s,
  );
  return { ok: true, instance: { ...instance, steps, updatedAt: input.at, version: instance.version + 1 } };
}

/** Steps done and in all: the "3/7" the wall shows beside the alert. */
export function planProgress(instance: PlanInstance): { done: number; total: number } {
  return { done: instance.steps.filter((s) => s.done).length, total: instance.steps.length };
}
