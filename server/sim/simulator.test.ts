import { describe, expect, it } from 'vitest';
import { transition, type WorkflowAction } from '../../shared/domain/workflow';
import type { Ack } from '../../shared/protocol';
import type { EventInput, GridEvent } from '../../shared/schemas/event';
import { makeEvent } from '../../tests/fixtures/events';
import { ManualClock } from '../clock';
import type { ActionInput } from '../events/event-commands';
import type { GeneratorSpace } from './event-generator';
import { Simulator } from './simulator';

const space: GeneratorSpace = {
  randomPoint: (r) => [120.5 + r.next() * 0.1, 27.5 + r.next() * 0.08],
  hotspots: [],
  hourOf: (t) => Math.floor(t / 3_600_000) % 24,
  inside: () => true,
};

/** A simulator over an in-memory event table with the real workflow rules. */
function harness(seed: number) {
  const clock = new ManualClock(0);
  const events = new Map<string, GridEvent>();
  const actions: string[] = [];
  const sim = new Simulator({
    clock,
    seed,
    eventsPerDay: 2000,
    space,
    ingest: async (inputs: EventInput[]) => {
      for (const i of inputs) events.set(i.id!, makeEvent(i.id!, { updatedAt: clock.now() }));
      return { accepted: inputs.map((i) => i.id!) };
    },
    act: async (id: string, action: WorkflowAction, input: ActionInput): Promise<Ack<GridEvent>> => {
      const e = events.get(id)!;
      const r = transition(e.status, action, input);
      if (!r.ok) return { ok: false, error: { code: 'illegal_transition', message: r.reason } };
      const next = { ...e, status: r.status, updatedAt: clock.now() };
      events.set(id, next);
      actions.push(action);
      return { ok: true, data: next };
    },
    openEvents: async () => [],
    onError: (err) => {
      throw err;
    },
  });
  return { clock, events, actions, sim };
}

describe('Simulator', () => {
  it('reports events and carries them through the lifecycle over a simulated day', async () => {
    const { clock, events, actions, sim } = harness(5);
    for (let t = 0; t < 24 * 60; t++) {
      clock.advance(60_000);
      await sim.tick();
    }
    expect(events.size).toBeGreaterThan(1500);
    const statuses = new Set([...events.values()].map((e) => e.status));
    expect(statuses).toContain('closed');
    expect(statuses).toContain('cancelled');
    expect(actions.filter((a) => a === 'dispatch').length).toBeGreaterThan(1000);
  });

  it('is deterministic for a seed and a sequence of ticks', async () => {
    const run = async (seed: number) => {
      const h = harness(seed);
      for (let t = 0; t < 120; t++) {
        h.clock.advance(60_000);
        await h.sim.tick();
      }
      return [...h.events.values()].map((e) => `${e.id}:${e.status}`);
    };
    expect(await run(11)).toEqual(await run(11));
    expect(await run(11)).not.toEqual(await run(12));
  });
});
