import { describe, expect, it } from 'vitest';
import { transition } from '../../shared/domain/workflow';
import type { GridEvent } from '../../shared/schemas/event';
import { createRandom } from '../../shared/util/random';
import { makeEvent } from '../../tests/fixtures/events';
import { nextStep } from './team-behaviour';

/** Walks one event to the end, applying each step as the workflow would. */
function walk(seed: number): { actions: string[]; overdue: boolean } {
  const random = createRandom(seed);
  let e: GridEvent = makeEvent(`e${seed}`, { category: 'urban', subcategory: 'street-order', updatedAt: 0 });
  const actions: string[] = [];
  let overdue = false;
  for (let step = nextStep(e, random); step; step = nextStep(e, random)) {
    const at = e.updatedAt + step.afterMs;
    const r = transition(e.status, step.action, step);
    if (!r.ok) throw new Error(r.reason);
    actions.push(step.action);
    if (step.action === 'handle' && e.dueAt !== null && at > e.dueAt) overdue = true;
    e = {
      ...e,
      status: r.status,
      updatedAt: at,
      ...(step.action === 'dispatch' ? { dispatchedAt: at, dueAt: at + 8 * 3_600_000 } : {}),
    };
  }
  return { actions, overdue };
}

describe('simulated teams', () => {
  it('only ever take legal steps, and every event ends closed or cancelled', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const { actions } = walk(seed);
      expect(['close', 'cancel']).toContain(actions[actions.length - 1]);
    }
  });

  it('let some events run past their deadline, but most finish in time', () => {
    const runs = Array.from({ length: 400 }, (_, i) => walk(i + 1));
    const overdue = runs.filter((r) => r.overdue).length / runs.length;
    expect(overdue).toBeGreaterThan(0.05);
    expect(overdue).toBeLessThan(0.3);
    expect(runs.some((r) => r.actions.includes('reopen'))).toBe(true);
    expect(runs.some((r) => r.actions[0] === 'cancel')).toBe(true);
  });
});
