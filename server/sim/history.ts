import { startOfCityDay } from '../../shared/util/city-day';
import { EventCommands } from '../events/event-commands';
import { type Geography, IngestPipeline } from '../ingest/pipeline';
import { LiveHub } from '../realtime/live-hub';
import type { Store } from '../store/store';
import type { GeneratorSpace } from './event-generator';
import { Simulator } from './simulator';

/** Simulated minutes per step of the replay: events and team steps land at their own minute. */
const STEP_MS = 60_000;

export interface HistoryOptions {
  store: Store;
  geography: Geography;
  space: GeneratorSpace;
  seed: number;
  eventsPerDay: number;
  /** Where the history starts (see historyStart). */
  from: number;
  /** The simulated city's time now: the history ends here. */
  now: number;
}

/**
 * Where a first start's history begins: the start of yesterday in the city (what the wall's today
 * against yesterday needs), never more than `mostHours` back: 24 to 48 hours with the default.
 */
export function historyStart(now: number, timezone: string, mostHours: number): number {
  const yesterday = startOfCityDay(startOfCityDay(now, timezone) - 1, timezone);
  return Math.max(yesterday, now - mostHours * 3_600_000);
}

/**
 * The simulated city since `from`, written on a first start: events reported and worked through
 * their lifecycle by the simulated teams, each transition at its own past time, through the same
 * pipeline and workflow commands as live ones but on a clock of their own. A wall opened right after
 * `npm start` then shows what a city has at any hour (events still open, overdue ones, today against
 * yesterday), not an empty map until the night's first report. Written before the live hub, the rules
 * and the screens start: none of them sees the replay, only its result in the store.
 */
/** Returns how many changes (reports and workflow steps) it wrote. */
export async function writeSimulatedHistory(options: HistoryOptions): Promise<{ changes: number }> {
  let at = options.from;
  const now = () => at;
  // A hub nobody subscribes to: the pipeline and the commands publish to it, and nothing listens.
  const quiet = new LiveHub({ flushMs: 1000, maxBacklog: 1, heartbeatMs: 60_000, now, startSeq: 0 });
  const pipeline = new IngestPipeline(options.store, quiet, options.geography, now);
  const commands = new EventCommands(options.store, quiet, now);
  const simulator = new Simulator({
    clock: { now },
    seed: options.seed,
    eventsPerDay: options.eventsPerDay,
    space: options.space,
    ingest: (inputs) => pipeline.ingest(inputs),
    act: (id, action, input) => commands.act(id, action, input),
    openEvents: async () => [],
    // Only for its own timer, which never runs here: each tick below is awaited and throws.
    onError: () => {},
  });
  const first = await options.store.currentSeq();
  while (at < options.now) {
    at = Math.min(options.now, at + STEP_MS);
    await simulator.tick();
  }
  return { changes: (await options.store.currentSeq()) - first };
}
