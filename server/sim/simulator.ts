import type { EventInput } from '../../shared/schemas/event';
import { createRandom, type Random } from '../../shared/util/random';
import type { Clock } from '../clock';
import { type GeneratorSpace, generateEvents } from './event-generator';

export interface SimulatorOptions {
  clock: Clock;
  seed: number;
  eventsPerDay: number;
  space: GeneratorSpace;
  /** Feeds generated events into the ingest pipeline. */
  ingest: (inputs: EventInput[]) => Promise<unknown>;
  onError: (err: unknown) => void;
  /** Real milliseconds between ticks. */
  tickMs?: number;
}

/**
 * The embedded default live source. Deterministic from its seed: each tick generates the events of the
 * clock interval since the previous tick and feeds them through the same pipeline as every other
 * source. Ids carry the start time so that a restart with the same seed adds new events.
 */
export class Simulator {
  private readonly random: Random;
  private readonly runId: string;
  private last: number;
  private count = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: SimulatorOptions) {
    this.random = createRandom(options.seed);
    this.last = options.clock.now();
    this.runId = this.last.toString(36);
  }

  start(): void {
    this.timer ??= setInterval(() => {
      this.running = this.running.then(() => this.tick()).catch(this.options.onError);
    }, this.options.tickMs ?? 200);
  }

  /** Generates and ingests the events of the interval since the last tick. */
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
    if (generated.length === 0) return 0;
    const inputs = generated.map((e) => ({ ...e, id: `sim-${this.runId}-${++this.count}` }));
    await this.options.ingest(inputs);
    return inputs.length;
  }

  /** Stops ticking and waits for the tick in flight, so its events are committed before shutdown. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
