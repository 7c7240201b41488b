import type { Severity } from '../domain/categories';
import type { GridPath } from '../domain/grid';
import type { AlertLevel, AlertScope } from '../schemas/alert';

/** What the risk score reads of an open event. */
export interface RiskEvent {
  grid: GridPath | null;
  severity: Severity;
  receivedAt: number;
}

/** What the risk score reads of a live alert. */
export interface RiskAlert {
  level: AlertLevel;
  scope: AlertScope;
  lastSeenAt: number;
}

export interface RiskWeights {
  halfLifeMinutes: number;
  severityWeights: Record<Severity, number>;
  levelWeights: Record<AlertLevel, number>;
}

/** Where micro-grids sit in the score array, and which micro-grids a coarser grid spreads over. */
export interface RiskIndex {
  microIndex: ReadonlyMap<string, number>;
  /** Micro-grid indices under a grid of any level (a micro-grid's own index for itself). */
  microsOf(gridId: string): readonly number[];
  size: number;
}

/**
 * A risk score per micro-grid, in micro-grid order: open events weighted by severity and live alerts
 * by level, each halving every halfLifeMinutes since it was last seen. An alert over a coarser grid
 * spreads its weight evenly over the micro-grids beneath it, so a district alert tints its district
 * without outweighing an incident in one block.
 */
export function riskScores(
  index: RiskIndex,
  events: Iterable<RiskEvent>,
  alerts: Iterable<RiskAlert>,
  now: number,
  weights: RiskWeights,
): Float32Array {
  const scores = new Float32Array(index.size);
  const lambda = Math.LN2 / (weights.halfLifeMinutes * 60_000);
  const decay = (t: number) => Math.exp(-lambda * Math.max(0, now - t));
  for (const e of events) {
    const i = e.grid ? index.microIndex.get(e.grid.micro) : undefined;
    if (i !== undefined) scores[i]! += weights.severityWeights[e.severity] * decay(e.receivedAt);
  }
  for (const a of alerts) {
    if (a.scope.level === 'city') continue;
    const micros = index.microsOf(a.scope.gridId);
    if (micros.length === 0) continue;
    const w = (weights.levelWeights[a.level] * decay(a.lastSeenAt)) / micros.length;
    for (const i of micros) scores[i]! += w;
  }
  return scores;
}

/** Scores rounded to 0.01 for the wire: a compact array a client can map onto its micro-grids. */
export function compactScores(scores: Float32Array): number[] {
  return Array.from(scores, (v) => Math.round(v * 100) / 100);
}
