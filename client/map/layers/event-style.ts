import { categoryById } from '../../../shared/domain/categories';
import type { SlaState } from '../../../shared/domain/sla';
import type { GridEvent } from '../../../shared/schemas/event';

/** How a live event point looks, without deck.gl: shared by the layers, the legend and the benchmarks. */

const FALLBACK: readonly [number, number, number] = [200, 200, 200];

/** The ring around an event by its handling deadline: shared by the layer and the wall's legend. */
export const SLA_RING: Record<SlaState, { color: [number, number, number, number]; width: number }> = {
  none: { color: [10, 20, 30, 255], width: 1 },
  ok: { color: [10, 20, 30, 255], width: 1 },
  near: { color: [255, 179, 0, 255], width: 2.5 },
  overdue: { color: [255, 82, 82, 255], width: 3 },
};

/** Fill alpha of every point. */
export const POINT_ALPHA = 230;

/** The category's colour (RGB). */
export function fillOf(e: Pick<GridEvent, 'category'>): readonly [number, number, number] {
  return categoryById(e.category)?.color ?? FALLBACK;
}

/** Point radius (px) by severity. */
export function radiusOf(e: Pick<GridEvent, 'severity'>): number {
  return e.severity === 'critical' ? 9 : e.severity === 'high' ? 7 : 5;
}
