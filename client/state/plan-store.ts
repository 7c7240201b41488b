import { type PlanInstance, planProgress } from '../../shared/domain/response-plan';

/** What React reads: plans by id, newest first, and a version that moves on every change. */
export interface PlanSummary {
  version: number;
  plans: PlanInstance[];
  /** alert id → "done/total", for the wall's ticker badge. */
  progressByAlert: ReadonlyMap<string, string>;
  /** The newest plan that arrived since the page loaded (the console opens it). */
  lastOpened: PlanInstance | null;
}

/**
 * Response plans outside React. A snapshot replaces everything; a change applies only when it is
 * newer (by plan version) than what is held, so a tick that raced the snapshot is never undone.
 */
export class PlanStore {
  private readonly plans = new Map<string, PlanInstance>();
  private summary: PlanSummary = { version: 0, plans: [], progressByAlert: new Map(), lastOpened: null };
  private readonly listeners = new Set<() => void>();

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSummary = (): PlanSummary => this.summary;

  applySnapshot(plans: readonly PlanInstance[]): void {
    this.plans.clear();
    for (const p of plans) this.plans.set(p.id, p);
    this.changed(null);
  }

  applyChange(plan: PlanInstance): void {
    this.applyChanges([plan]);
  }

  /**
   * One message's plans, then one new summary: the plans are re-sorted and their progress recounted
   * once per message, not once per plan (a storm opens dozens of plans a second, one message a pass,
   * while hundreds are live).
   */
  applyChanges(plans: readonly PlanInstance[]): void {
    let any = false;
    let opened: PlanInstance | null = null;
    for (const plan of plans) {
      const held = this.plans.get(plan.id);
      if (held && held.version >= plan.version) continue;
      this.plans.set(plan.id, plan);
      any = true;
      if (!held) opened = plan;
    }
    if (any) this.changed(opened);
  }

  private changed(opened: PlanInstance | null): void {
    const plans = [...this.plans.values()].sort((a, b) => b.createdAt - a.createdAt);
    const progressByAlert = new Map(
      plans.map((p) => {
        const { done, total } = planProgress(p);
        return [p.alertId, `${done}/${total}`];
      }),
    );
    this.summary = {
      version: this.summary.version + 1,
      plans,
      progressByAlert,
      lastOpened: opened ?? this.summary.lastOpened,
    };
    for (const l of this.listeners) l();
  }
}
