import Flatbush from 'flatbush';
import type { AreaFeature, BBox } from './geometry';
import { polygonsOf } from './geometry';
import { outsideAreaM2, overlapAreaM2, type PreparedArea, prepareArea } from './polygon-relations';
import { checkRing } from './ring-check';

/** Every defect class the checker reports. */
export type GridProblemKind =
  | 'invalid-ring'
  | 'self-intersection'
  | 'coordinate-range'
  | 'duplicate-id'
  | 'missing-parent'
  | 'unknown-parent'
  | 'outside-parent'
  | 'overlap'
  | 'gap';

/** One defect, attributed to the feature it was found on. */
export interface GridProblem {
  featureId: string;
  problem: GridProblemKind;
  message: string;
}

/** A feature to check: geometry plus the id of its parent one level up (null at the top). */
export interface CheckFeature extends AreaFeature {
  parentId: string | null;
}

/** One level of features; levels are given top-down and level i's parents are level i-1. */
export interface CheckLevel {
  level: string;
  features: readonly CheckFeature[];
}

export interface CheckOptions {
  /**
   * Largest overlap, outside-parent or gap area (m²) still accepted, per feature or pair. Default 1 m²:
   * far above the float noise of shared edges, far below a real sliver (a 100 m edge off by 1 cm).
   */
  areaToleranceM2?: number;
  /** When given, every coordinate must lie in this box (catches swapped lat/lon and projected CRSs). */
  expectedBBox?: BBox;
  /** Called as features are checked (done of total), for progress bars on large imports. */
  onProgress?: (done: number, total: number) => void;
}

/** The default area tolerance in m², documented on CheckOptions. */
export const DEFAULT_AREA_TOLERANCE_M2 = 1;

const fmt = (m2: number) => `${m2 < 10 ? m2.toFixed(2) : Math.round(m2)} m²`;

/**
 * Validates a grid hierarchy and returns every problem found (empty when valid). Pure and
 * deterministic; relation checks skip features whose own rings are broken, since areas of invalid
 * polygons mean nothing.
 */
export function checkGrids(levels: readonly CheckLevel[], options: CheckOptions = {}): GridProblem[] {
  const tol = options.areaToleranceM2 ?? DEFAULT_AREA_TOLERANCE_M2;
  const problems: GridProblem[] = [];
  const seen = new Map<string, string>();
  const prepared: Map<string, PreparedArea>[] = [];
  const total = 2 * levels.reduce((n, l) => n + l.features.length, 0);
  let done = 0;
  const tick = (n: number) => {
    done += n;
    options.onProgress?.(done, total);
  };

  for (const { level, features } of levels) {
    const valid = new Map<string, PreparedArea>();
    for (const f of features) {
      if (seen.has(f.id)) {
        problems.push({
          featureId: f.id,
          problem: 'duplicate-id',
          message: `id ${f.id} also used in level ${seen.get(f.id)}`,
        });
        continue;
      }
      seen.set(f.id, level);
      const issues = polygonsOf(f.geometry).flatMap((poly) =>
        poly.flatMap((ring) => checkRing(ring, options.expectedBBox)),
      );
      if (polygonsOf(f.geometry).length === 0)
        issues.push({ problem: 'invalid-ring', message: 'geometry is empty' });
      for (const i of issues) problems.push({ featureId: f.id, ...i });
      if (issues.length === 0) valid.set(f.id, prepareArea(f.geometry));
      tick(1);
    }
    prepared.push(valid);
  }

  levels.forEach(({ level, features }, li) => {
    const mine = prepared[li]!;
    const parents = li > 0 ? prepared[li - 1]! : null;
    const parentIds = li > 0 ? new Set(levels[li - 1]!.features.map((f) => f.id)) : null;
    const childrenArea = new Map<string, number>();
    if (parents && parentIds) {
      for (const f of features) {
        if (!f.parentId) {
          problems.push({
            featureId: f.id,
            problem: 'missing-parent',
            message: `${level} ${f.id} has no parent id`,
          });
          continue;
        }
        if (!parentIds.has(f.parentId)) {
          problems.push({
            featureId: f.id,
            problem: 'unknown-parent',
            message: `parent ${f.parentId} of ${f.id} is not a ${levels[li - 1]!.level}`,
          });
          continue;
        }
        const child = mine.get(f.id);
        const parent = parents.get(f.parentId);
        if (!child || !parent) continue;
        const out = outsideAreaM2(child, parent);
        if (out > tol) {
          problems.push({
            featureId: f.id,
            problem: 'outside-parent',
            message: `${fmt(out)} of ${f.id} lies outside its parent ${f.parentId}`,
          });
        }
        childrenArea.set(f.parentId, (childrenArea.get(f.parentId) ?? 0) + child.areaM2 - out);
      }
    }
    problems.push(...findOverlaps(mine, tol));
    // Areas here are additive over shared edges, so parent minus children is the uncovered area.
    if (parents && features.length > 0) {
      for (const [pid, parent] of parents) {
        const gap = parent.areaM2 - (childrenArea.get(pid) ?? 0);
        if (gap > tol) {
          problems.push({
            featureId: pid,
            problem: 'gap',
            message: `${fmt(gap)} of ${pid} is not covered by any ${level}`,
          });
        }
      }
    }
    tick(features.length);
  });
  return problems;
}

/** Pairs of one level whose bboxes meet and whose shared area exceeds the tolerance. */
function findOverlaps(features: Map<string, PreparedArea>, tol: number): GridProblem[] {
  const ids = [...features.keys()];
  if (ids.length < 2) return [];
  const index = new Flatbush(ids.length);
  for (const id of ids) {
    const b = features.get(id)!.packed.bboxes;
    index.add(b[0]!, b[1]!, b[2]!, b[3]!);
  }
  index.finish();
  const out: GridProblem[] = [];
  ids.forEach((id, i) => {
    const a = features.get(id)!;
    const b = a.packed.bboxes;
    for (const j of index.search(b[0]!, b[1]!, b[2]!, b[3]!)) {
      if (j <= i) continue;
      const other = ids[j]!;
      const shared = overlapAreaM2(a, features.get(other)!);
      if (shared > tol) {
        out.push({ featureId: id, problem: 'overlap', message: `${id} overlaps ${other} by ${fmt(shared)}` });
      }
    }
  });
  return out;
}
