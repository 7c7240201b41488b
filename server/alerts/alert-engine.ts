import type { Ack, RiskUpdate } from '../../shared/protocol';
import type { AlertBook, AlertUpdate } from '../../shared/rules/alert-book';
import { bookOf, fileAlert } from '../../shared/rules/alert-book';
import {
  type AlertCommand,
  type AlertCommandInput,
  applyAlertCommand,
} from '../../shared/rules/alert-workflow';
import type { ExternalWarning } from '../../shared/rules/compound-rule';
import { type KeyAreaReading, recordReading } from '../../shared/rules/key-area-rule';
import {
  createRuleEngine,
  evaluateRules,
  observeEvents,
  type RuleEngineState,
  reconfigure,
} from '../../shared/rules/rule-engine';
import type { RulesConfig } from '../../shared/rules/rules-config';
import type { TrafficSignals } from '../../shared/rules/traffic-rule';
import type { Alert, AlertChange } from '../../shared/schemas/alert';
import type { GridEvent } from '../../shared/schemas/event';
import type { AlertEngineDeps } from './alert-engine-deps';
import { RiskTracker } from './risk-tracker';
import { openEventsOf, warmStart } from './warm-start';

/**
 * Runs the rules: fed by every committed event change (through the live hub), evaluated right after
 * new changes (so a key-person alert is raised at once) and on a timer for time-based rules (SLA,
 * re-escalation, clearing). Evaluations and officers' commands run one at a time on one queue, so
 * the in-memory book and the store never disagree.
 */
export class AlertEngine {
  private state: RuleEngineState;
  private book: AlertBook = bookOf([]);
  private queue: Promise<unknown> = Promise.resolve();
  private timer: ReturnType<typeof setInterval> | null = null;
  private riskTimer: ReturnType<typeof setInterval> | null = null;
  private scheduled = false;
  private stopped = false;
  /** When (deps.elapsed) the last evaluation began, and what it cost with its commit (ms). */
  private evaluatedAt = Number.NEGATIVE_INFINITY;
  private evaluationCost = 0;
  private nextId = 1;
  private readonly riskTracker: RiskTracker;
  /** Where changes and risk scores go (the socket layer sets them). */
  broadcast: (change: AlertChange) => void = () => {};
  broadcastRisk: (update: RiskUpdate) => void = () => {};

  private readonly elapsed: () => number;

  constructor(private readonly deps: AlertEngineDeps) {
    this.elapsed = deps.elapsed ?? (() => performance.now());
    this.state = createRuleEngine(deps.config, deps.geo.rules);
    this.riskTracker = new RiskTracker(deps.geo.risk);
  }

  get config(): RulesConfig {
    return this.state.config;
  }

  /** Loads the book from the store and warm-starts the rules from open events and history. */
  async load(): Promise<void> {
    this.book = bookOf(this.deps.alerts.open());
    this.nextId = this.deps.alerts.maxIdNumber() + 1;
    this.observeOpen(await openEventsOf(this.deps.events));
    await warmStart(this.state, this.deps.events, this.deps.now(), ALL_PARTS);
  }

  start(): void {
    this.stopped = false;
    // Time-based rules (SLA, clearing, re-escalation) need a pass even when nothing is committed; under
    // a stream of commits one is already scheduled and this adds none.
    this.timer ??= setInterval(() => this.schedule(), this.state.config.evaluateMs);
    this.riskTimer ??= setInterval(() => this.pushRisk(), this.state.config.risk.pushMs);
  }

  /** Stops the timers and any evaluation not yet begun (the store may close next). */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.riskTimer) clearInterval(this.riskTimer);
    this.timer = null;
    this.riskTimer = null;
  }

  /** Committed event states, in seq order; schedules an evaluation (see `schedule`). */
  observe(events: readonly GridEvent[]): void {
    this.observeOpen(events);
    this.schedule();
  }

  /**
   * Schedules one evaluation, at once or, under a stream of commits, `evaluationGap` after the last one
   * began: each evaluation walks every live alert, so a storm of small commits would otherwise
   * evaluate once per commit, and a storm that raised tens of thousands of alerts would spend most of
   * the server's time on the rules instead of taking in reports.
   */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const run = () => {
      this.scheduled = false;
      if (!this.stopped) void this.evaluate();
    };
    const wait = this.evaluatedAt + evaluationGap(this.evaluationCost) - this.elapsed();
    if (wait <= 0) setImmediate(run);
    else setTimeout(run, wait);
  }

  /** Re-reads the book from the store: a new leader carries on from the alerts its predecessor left. */
  reload(): Promise<void> {
    return this.enqueue(() => {
      this.book = bookOf(this.deps.alerts.open());
      this.nextId = this.deps.alerts.maxIdNumber() + 1;
    });
  }

  /** Runs the rules now (queued behind any running evaluation or command). */
  evaluate(): Promise<AlertChange[]> {
    return this.enqueue(() => {
      if (this.deps.isLeader && !this.deps.isLeader()) return [];
      const started = this.elapsed();
      this.evaluatedAt = started;
      const evaluation = evaluateRules(this.state, this.book, this.deps.now(), () => this.newId());
      const changes = this.commit(evaluation.updates);
      this.evaluationCost = this.elapsed() - started;
      return changes;
    });
  }

  /** An officer's lifecycle command. */
  act(id: string, command: AlertCommand, input: AlertCommandInput): Promise<Ack<Alert>> {
    return this.enqueue(() => {
      const alert = this.find(id);
      if (!alert) return fail('not_found', `no alert with id "${id}"`);
      const result = applyAlertCommand(alert, command, input, this.deps.now());
      if (!result.ok) return fail('illegal_transition', result.reason);
      this.commit([{ alert: result.alert, transition: result.transition }]);
      return { ok: true as const, data: result.alert };
    });
  }

  /** Applies a new config: thresholds at once, a changed surge structure after a fresh warm start. */
  async applyConfig(config: RulesConfig): Promise<void> {
    await this.enqueue(async () => {
      const rebuilt = reconfigure(this.state, config);
      const parts = { ...rebuilt, compound: false };
      if (rebuilt.surge || rebuilt.repeat)
        await warmStart(this.state, this.deps.events, this.deps.now(), parts);
    });
    if (this.timer) {
      this.stop();
      this.start();
    }
  }

  /** The traffic pool's figures (the traffic module calls this as they change). */
  setTraffic(signals: TrafficSignals | null): void {
    this.state.traffic = signals;
  }

  recordReading(reading: KeyAreaReading): void {
    recordReading(this.state.readings, reading);
    this.observe([]);
  }

  setWarnings(warnings: ExternalWarning[]): void {
    this.state.warnings = warnings;
    this.observe([]);
  }

  /** Live alerts (not resolved or closed) plus resolved ones waiting to close. */
  tracked(): Alert[] {
    return [...this.book.active.values(), ...this.book.resolved.values()];
  }

  /** The risk score per micro-grid now, from open events and live alerts. */
  risk(): RiskUpdate {
    return this.riskTracker.update(this.book.active.values(), this.deps.now(), this.state.config.risk);
  }

  private pushRisk(): void {
    void this.enqueue(() => this.broadcastRisk(this.risk()));
  }

  private observeOpen(events: readonly GridEvent[]): void {
    observeEvents(this.state, events);
    this.riskTracker.observe(events);
  }

  private find(id: string): Alert | null {
    for (const a of this.book.active.values()) if (a.id === id) return a;
    return this.book.resolved.get(id) ?? this.deps.alerts.get(id);
  }

  private commit(updates: readonly AlertUpdate[]): AlertChange[] {
    const changes = this.deps.alerts.save(updates);
    for (const c of changes) {
      fileAlert(this.book, c.alert);
      this.broadcast(c);
    }
    return changes;
  }

  private newId(): string {
    return `AL${String(this.nextId++).padStart(8, '0')}`;
  }

  private enqueue<T>(task: () => T | Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch((err) => this.deps.onError(err));
    return run;
  }
}

const ALL_PARTS = { surge: true, repeat: true, compound: true };
/** Least time between the starts of two evaluations that new commits set off. */
export const MIN_EVALUATION_GAP_MS = 250;
/** Most: however heavy the storm, a new key-person alert waits at most about this. */
export const MAX_EVALUATION_GAP_MS = 2_000;
/** Between evaluations, at least this many times what the last one cost: the rules take at most a quarter of the time. */
const GAP_PER_COST = 4;

/**
 * The least time (ms) between the starts of two evaluations after one that cost `lastCostMs` (rules
 * and the commit of their changes). A quiet city evaluates every MIN_EVALUATION_GAP_MS; a storm that
 * raised tens of thousands of alerts (each pass 100–200 ms) spaces its passes out, so reports keep
 * being taken in, and a pass takes in more reports at once.
 */
export function evaluationGap(lastCostMs: number): number {
  return Math.min(MAX_EVALUATION_GAP_MS, Math.max(MIN_EVALUATION_GAP_MS, GAP_PER_COST * lastCostMs));
}

function fail(code: string, message: string): Ack<never> {
  return { ok: false, error: { code, message } };
}
