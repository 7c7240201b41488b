import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  escalatePlan,
  instantiatePlan,
  planFor,
  planProgress,
  type ResponsePlansFile,
  responsePlanProblems,
  tickStep,
} from './response-plan';

const file = JSON.parse(readFileSync('data/longgang/response-plans.json', 'utf8')) as ResponsePlansFile;
const alert = { id: 'AL00000001', rule: 'surge' as const, level: 'orange' as const, title: '事件激增' };

describe('response plans', () => {
  it('ship a plan for every alert kind at orange and red', () => {
    expect(responsePlanProblems(file)).toEqual([]);
    const broken = structuredClone(file);
    broken.plans = broken.plans.filter((p) => p.rule !== 'sla');
    expect(responsePlanProblems(broken)).toEqual([
      '/plans: no plan for sla at orange',
      '/plans: no plan for sla at red',
    ]);
  });

  it('open with the steps of the level, add the red steps on escalation and keep the ticks', () => {
    const plan = planFor(file, 'surge', 'orange')!;
    const open = instantiatePlan(plan, alert, 1000);
    expect(open.id).toBe('PL-AL00000001');
    expect(planProgress(open)).toEqual({ done: 0, total: 5 });
    const ticked = tickStep(open, 'verify', { done: true, note: '已核实', actor: 'user:op', at: 2000 });
    if (!ticked.ok) throw new Error(ticked.reason);
    expect(ticked.instance.steps[0]).toMatchObject({ done: true, note: '已核实', by: 'user:op', at: 2000 });
    const red = escalatePlan(ticked.instance, plan, 'red', 3000);
    expect(planProgress(red)).toEqual({ done: 1, total: 7 });
    expect(red.steps.map((s) => s.id)).toEqual(plan.steps.map((s) => s.id));
    expect(red.version).toBe(3);
    expect(escalatePlan(red, plan, 'orange', 4000)).toBe(red);
  });

  it('refuses a step the plan does not have', () => {
    const open = instantiatePlan(planFor(file, 'sla', 'red')!, { ...alert, rule: 'sla', level: 'red' }, 0);
    expect(tickStep(open, 'nope', { done: true, note: '', actor: 'a', at: 1 })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
  });
});
