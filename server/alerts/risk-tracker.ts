import { isFinalStatus } from '../../shared/domain/event-status';
import type { RiskUpdate } from '../../shared/protocol';
import {
  compactScores,
  type RiskAlert,
  type RiskEvent,
  type RiskIndex,
  type RiskWeights,
  riskScores,
} from '../../shared/rules/risk-score';
import type { GridEvent } from '../../shared/schemas/event';

/** Keeps what the risk score reads of each open event and turns it into `risk:update` payloads. */
export class RiskTracker {
  private readonly open = new Map<string, RiskEvent>();

  constructor(private readonly index: RiskIndex) {}

  observe(events: readonly GridEvent[]): void {
    for (const e of events) {
      if (isFinalStatus(e.status)) this.open.delete(e.id);
      else this.open.set(e.id, { grid: e.grid, severity: e.severity, receivedAt: e.receivedAt });
    }
  }

  update(alerts: Iterable<RiskAlert>, now: number, weights: RiskWeights): RiskUpdate {
    const compact = compactScores(riskScores(this.index, this.open.values(), alerts, now, weights));
    return { at: now, count: compact.length, max: Math.max(0, ...compact), scores: compact };
  }
}
