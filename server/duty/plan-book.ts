import {
  escalatePlan,
  instantiatePlan,
  PLAN_LEVELS,
  type PlanInstance,
  planFor,
  type ResponsePlansFile,
  tickStep,
} from '../../shared/domain/response-plan';
import type { Ack } from '../../shared/protocol';
import { levelRank } from '../../shared/rules/alert-level';
import type { Alert, AlertLevel } from '../../shared/schemas/alert';
import type { DutyStore } from './duty-store';

export interface PlanBookDeps {
  store: DutyStore;
  file: ResponsePlansFile;
  now: () => number;
  /** Ids of the alerts the engine still tracks (not closed): their plans are the live ones. */
  liveAlertIds: () => ReadonlySet<string>;
  onError: (err: unknown) => void;
}

/** Reads and writes of one tick before giving up on a plan that keeps changing under it. */
const TICK_ATTEMPTS = 5;

/** Most alerts whose plan level is remembered; past it the memory starts over (it is only a shortcut). */
const REMEMBERED = 20_000;

/**
 * Plan instances over the duty store: opened when an alert is raised (or escalated) to orange or red,
 * widened with the red steps when it escalates further, ticked by officers. Every change goes to
 * `broadcast` (the socket layer sets it). SQLite calls are synchronous, so each change is atomic.
 *
 * Plans opened or widened while the engine commits a pass are written together, in one transaction,
 * right after it (a microtask), then broadcast; every read flushes them first, so none is missed.
 *
 * A busy red or orange alert changes every few seconds (its count) while its plan stays as it is, so
 * the book remembers, per live alert, the level its plan already covers and reads the store only when
 * the alert rises above it. It remembers levels, not plans: officers may tick a plan on any instance,
 * and widening it always starts from the stored instance. Writes are conditional on the version they
 * were made from (DutyStore.savePlan): a tick and a widening racing on two servers are both kept, the
 * loser re-reading and redoing its change.
 */
export class PlanBook {
  broadcast: (plan: PlanInstance) => void = () => {};
  /** Alert id → the level its stored plan covers. */
  private readonly covered = new Map<string, AlertLevel>();
  /** Alert id → its plan opened or widened but not yet written. */
  private readonly pending = new Map<string, PlanInstance>();
  private scheduled = false;

  constructor(private readonly deps: PlanBookDeps) {}

  /** An alert's new state: opens or widens its plan when its level calls for one. */
  observe(alert: Alert): PlanInstance | null {
    try {
      if (alert.status === 'resolved' || alert.status === 'closed') {
        this.covered.delete(alert.id);
        return null;
      }
      if (!PLAN_LEVELS.includes(alert.level)) return null;
      const known = this.covered.get(alert.id);
      if (known && levelRank(known) >= levelRank(alert.level)) return null;
      const plan = planFor(this.deps.file, alert.rule, alert.level);
      if (!plan) return null;
      const pending = this.pending.get(alert.id);
      const existing = pending ?? this.deps.store.planOfAlert(alert.id);
      let next = existing
        ? escalatePlan(existing, plan, alert.level, this.deps.now())
        : instantiatePlan(plan, alert, this.deps.now());
      this.remember(alert.id, next.level);
      if (next === existing) return null;
      // Widened again before it was written: still one version past the stored instance.
      if (pending) next = { ...next, version: pending.version };
      this.pending.set(alert.id, next);
      if (!this.scheduled) {
        this.scheduled = true;
        queueMicrotask(() => {
          this.scheduled = false;
          this.flush();
        });
      }
      return next;
    } catch (err) {
      this.deps.onError(err);
      return null;
    }
  }

  /** Writes the plans opened or widened since the last flush, in one transaction, then broadcasts them. */
  flush(): void {
    if (this.pending.size === 0) return;
    const plans = [...this.pending.values()];
    this.pending.clear();
    let written: PlanInstance[];
    try {
      const moved = new Set(this.deps.store.savePlans(plans));
      written = plans.filter((p) => !moved.has(p));
      // Changed meanwhile (an officer's tick on another server): widen the stored instance instead.
      for (const p of moved) {
        const redone = this.rewiden(p);
        if (redone) written.push(redone);
      }
    } catch (err) {
      // Not written: the next change of these alerts tries again.
      for (const p of plans) this.covered.delete(p.alertId);
      this.deps.onError(err);
      return;
    }
    for (const p of written) this.broadcast(p);
  }

  /**
   * `p` again, made from the instance stored now: the widened instance when written, null when there
   * was nothing to widen any more, or when it moved again (then the alert's next change retries).
   */
  private rewiden(p: PlanInstance): PlanInstance | null {
    const stored = this.deps.store.plan(p.id);
    const plan = planFor(this.deps.file, p.rule, p.level);
    if (!stored || !plan) {
      this.covered.delete(p.alertId);
      return null;
    }
    const next = escalatePlan(stored, plan, p.level, this.deps.now());
    if (next === stored) return null;
    if (this.deps.store.savePlan(next)) return next;
    this.covered.delete(p.alertId);
    return null;
  }

  private remember(alertId: string, level: AlertLevel): void {
    if (this.covered.size >= REMEMBERED && !this.covered.has(alertId)) this.covered.clear();
    this.covered.set(alertId, level);
  }

  /** Opens plans for live alerts that lack one (after a start, or for alerts raised before plans existed). */
  sync(alerts: readonly Alert[]): void {
    for (const a of alerts) this.observe(a);
  }

  /** Ticks a step; when the plan changed between reading and writing it (another server), re-reads and redoes. */
  tick(id: string, stepId: string, input: { done: boolean; note: string; actor: string }): Ack<PlanInstance> {
    this.flush();
    for (let attempt = 0; attempt < TICK_ATTEMPTS; attempt++) {
      const instance = this.deps.store.plan(id);
      if (!instance) return { ok: false, error: { code: 'not_found', message: `no plan with id "${id}"` } };
      const result = tickStep(instance, stepId, { ...input, at: this.deps.now() });
      if (!result.ok) return { ok: false, error: { code: result.code, message: result.reason } };
      if (this.deps.store.savePlan(result.instance)) {
        this.broadcast(result.instance);
        return { ok: true, data: result.instance };
      }
    }
    return {
      ok: false,
      error: { code: 'conflict', message: `plan ${id} kept changing while the step was ticked: try again` },
    };
  }

  get(id: string): PlanInstance | null {
    this.flush();
    return this.deps.store.plan(id);
  }

  /** Plans of alerts still tracked, newest first: what screens show. */
  live(): PlanInstance[] {
    this.flush();
    const ids = this.deps.liveAlertIds();
    return this.deps.store.plans(500).filter((p) => ids.has(p.alertId));
  }

  /** Recent plans, live or not, newest first. */
  recent(limit: number): PlanInstance[] {
    this.flush();
    return this.deps.store.plans(limit);
  }
}
