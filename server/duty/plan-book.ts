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

/** Most alerts whose plan level is remembered; past it the memory starts over (it is only a shortcut). */
const REMEMBERED = 20_000;

/**
 * Plan instances over the duty store: opened when an alert is raised (or escalated) to orange or red,
 * widened with the red steps when it escalates further, ticked by officers. Every change goes to
 * `broadcast` (the socket layer sets it). SQLite calls are synchronous, so each change is atomic.
 *
 * A busy red or orange alert changes every few seconds (its count) while its plan stays as it is, so
 * the book remembers, per live alert, the level its plan already covers and reads the store only when
 * the alert rises above it. It remembers levels, not plans: officers may tick a plan on any instance,
 * and widening it always starts from the stored instance, so no tick is overwritten.
 */
export class PlanBook {
  broadcast: (plan: PlanInstance) => void = () => {};
  /** Alert id → the level its stored plan covers. */
  private readonly covered = new Map<string, AlertLevel>();

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
      const existing = this.deps.store.planOfAlert(alert.id);
      const next = existing
        ? escalatePlan(existing, plan, alert.level, this.deps.now())
        : instantiatePlan(plan, alert, this.deps.now());
      if (next !== existing) this.deps.store.savePlan(next);
      this.remember(alert.id, next.level);
      if (next === existing) return null;
      this.broadcast(next);
      return next;
    } catch (err) {
      this.deps.onError(err);
      return null;
    }
  }

  private remember(alertId: string, level: AlertLevel): void {
    if (this.covered.size >= REMEMBERED && !this.covered.has(alertId)) this.covered.clear();
    this.covered.set(alertId, level);
  }

  /** Opens plans for live alerts that lack one (after a start, or for alerts raised before plans existed). */
  sync(alerts: readonly Alert[]): void {
    for (const a of alerts) this.observe(a);
  }

  tick(id: string, stepId: string, input: { done: boolean; note: string; actor: string }): Ack<PlanInstance> {
    const instance = this.deps.store.plan(id);
    if (!instance) return { ok: false, error: { code: 'not_found', message: `no plan with id "${id}"` } };
    const result = tickStep(instance, stepId, { ...input, at: this.deps.now() });
    if (!result.ok) return { ok: false, error: { code: result.code, message: result.reason } };
    this.deps.store.savePlan(result.instance);
    this.broadcast(result.instance);
    return { ok: true, data: result.instance };
  }

  get(id: string): PlanInstance | null {
    return this.deps.store.plan(id);
  }

  /** Plans of alerts still tracked, newest first: what screens show. */
  live(): PlanInstance[] {
    const ids = this.deps.liveAlertIds();
    return this.deps.store.plans(500).filter((p) => ids.has(p.alertId));
  }

  /** Recent plans, live or not, newest first. */
  recent(limit: number): PlanInstance[] {
    return this.deps.store.plans(limit);
  }
}
