import type { AlertsSnapshot, RiskUpdate } from '../../shared/protocol';
import { levelRank } from '../../shared/rules/alert-level';
import type { Alert, AlertChange } from '../../shared/schemas/alert';

/** What React reads: live alerts, most severe and newest first, and the latest risk scores. */
export interface AlertSummary {
  version: number;
  /** An alert snapshot has arrived: until then `active` is the empty starting list, not the truth. */
  received: boolean;
  /** Alerts raised, acknowledged or assigned. */
  active: Alert[];
  risk: RiskUpdate | null;
}

const LIVE = new Set(['raised', 'acknowledged', 'assigned']);

/**
 * Alerts and risk outside React. A snapshot replaces everything; a change applies only when it is
 * newer than what is held (by alert version), so a change that raced the snapshot is never undone.
 */
export class AlertStore {
  readonly alerts = new Map<string, Alert>();
  private summary: AlertSummary = { version: 0, received: false, active: [], risk: null };
  private readonly listeners = new Set<() => void>();

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSummary = (): AlertSummary => this.summary;

  applySnapshot(snapshot: AlertsSnapshot): void {
    this.alerts.clear();
    for (const a of snapshot.alerts) this.alerts.set(a.id, a);
    this.summary = { ...this.summary, received: true };
    this.changed();
  }

  applyChange(change: AlertChange): void {
    this.applyChanges([change]);
  }

  /**
   * One message's changes, then one new summary: the active list is re-sorted once per message, not
   * once per change (an alert storm sends thousands of changes in one message).
   */
  applyChanges(changes: readonly AlertChange[]): void {
    let any = false;
    for (const change of changes) {
      const held = this.alerts.get(change.alert.id);
      if (held && held.version > change.alert.version) continue;
      if (change.alert.status === 'closed') this.alerts.delete(change.alert.id);
      else this.alerts.set(change.alert.id, change.alert);
      any = true;
    }
    if (any) this.changed();
  }

  applyRisk(update: RiskUpdate): void {
    if (this.summary.risk && this.summary.risk.at > update.at) return;
    this.summary = { ...this.summary, version: this.summary.version + 1, risk: update };
    this.notify();
  }

  private changed(): void {
    const active = [...this.alerts.values()]
      .filter((a) => LIVE.has(a.status))
      .sort((a, b) => levelRank(b.level) - levelRank(a.level) || b.updatedAt - a.updatedAt);
    this.summary = { ...this.summary, version: this.summary.version + 1, active };
    this.notify();
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }
}
