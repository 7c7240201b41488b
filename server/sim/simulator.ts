import type { WorkflowAction } from '../../shared/domain/workflow';
import type { Ack } from '../../shared/protocol';
import type { EventInput, GridEvent } from '../../shared/schemas/event';
import { createRandom, type Random } from '../../shared/util/random';
import type { Clock } from '../clock';
import type { ActionInput } from '../events/event-commands';
import { type GeneratorSpace, generateEvents } from './event-generator';
import { nextStep, type SimStep } from './team-behaviour';

export interface SimulatorOptions {
  clock: Clock;
  seed: number;
  eventsPerDay: number;
  space: GeneratorSpace;
  /** Feeds generated events into the ingest pipeline; resolves with what was committed. */
  ingest: (inputs: EventInput[]) => Promise<{ accepted: string[] }>;
  /** Takes a workflow action, as a duty officer would. */
  act: (id: string, action: WorkflowAction, input: ActionInput) => Promise<Ack<GridEvent>>;
  /** Open events to pick up after a restart. */
  openEvents: () => Promise<GridEvent[]>;
  onError: (err: unknown) => void;
  /** Real milliseconds between ticks. */
  tickMs?: number;
}

interface Scheduled extends SimStep {
  id: string;
  at: number;
}

/**
 * The embedded default live source. Deterministic from its seed: each tick generates the events of the
 * clock interval since the previous tick, feeds them through the same pipeline as every other source,
 * and moves earlier events along their lifecycle as simulated grid teams would. Ids carry the start
 * time so that a restart with the same seed adds new events.
 */
export class Simulator {
  private readonly random: Random;
  private readonly runId: string;
  private last: number;
  private count = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private running: Promise<unknown> = Promise.resolve();
  /** Steps waiting for their time, soonest first. */
  private schedule: Scheduled[] = [];

  constructor(private readonly options: SimulatorOptions) {
    this.random = createRandom(options.seed);
    this.last = options.clock.now();
    this.runId = this.last.toString(36);
  }

  /** Picks up open events (after a restart their teams carry on) and starts ticking. */
  async start(): Promise<void> {
    for (const e of await this.options.openEvents()) this.plan(e);
    this.timer ??= setInterval(() => {
      this.running = this.running.then(() => this.tick()).catch(this.options.onError);
    }, this.options.tickMs ?? 200);
  }

  /** Generates and ingests the events of the interval since the last tick, then takes the steps due. */
  async tick(): Promise<number> {
    const now = this.options.clock.now();
    const generated = generateEvents(
      this.random,
      this.options.space,
      this.last,
      now,
      this.options.eventsPerDay,
    );
    this.last = now;
    if (generated.length > 0) {
      const inputs = generated.map((e) => ({ ...e, id: `sim-${this.runId}-${++this.count}` }));
      await this.options.ingest(inputs);
      for (const input of inputs) this.planFirst(input.id, input.occurredAt ?? now, now);
    }
    let steps = 0;
    while (this.schedule[0] && this.schedule[0].at <= now) {
      const step = this.schedule.shift()!;
      const result = await this.options.act(step.id, step.action, {
        actor: 'simulator',
        note: step.note,
        assignee: step.assignee,
      });
      if (result.ok) this.plan(result.data);
      steps++;
    }
    return generated.length + steps;
  }

  /** Stops ticking and waits for the tick in flight, so its writes are committed before shutdown. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private planFirst(id: string, reportedAt: number, now: number): void {
    const step = nextStep({ status: 'reported' } as GridEvent, this.random);
    if (step) this.insert({ ...step, id, at: Math.max(reportedAt, now) + step.afterMs });
  }

  private plan(e: GridEvent): void {
    const step = nextStep(e, this.random);
    if (step) this.insert({ ...step, id: e.id, at: e.updatedAt + step.afterMs });
  }

  private insert(s: Scheduled): void {
    let lo = 0;
    let hi = this.schedule.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.schedule[mid]!.at <= s.at) lo = mid + 1;
      else hi = mid;
    }
    this.schedule.splice(lo, 0, s);
  }
}
