import type { LiveBatch } from '../../shared/protocol';
import type { GridEvent } from '../../shared/schemas/event';
import type { Change } from '../store/store';

/** The latest state of each event changed in `changes`, in order of last change. */
export function foldEvents(changes: readonly Change[]): GridEvent[] {
  const latest = new Map<string, GridEvent>();
  for (const c of changes) {
    latest.delete(c.event.id);
    latest.set(c.event.id, c.event);
  }
  return [...latest.values()];
}

/**
 * Folds changes into one batch. The batch covers seqs [fromSeq, toSeq]: by default exactly the
 * changes' span; a scoped channel passes a wider range because it also covers the changes its scope
 * filtered out. Null when there are no changes.
 */
export function toBatch(
  changes: readonly Change[],
  at: number,
  fromSeq?: number,
  toSeq?: number,
): LiveBatch | null {
  const first = changes[0];
  const last = changes[changes.length - 1];
  if (!first || !last) return null;
  return {
    fromSeq: fromSeq ?? first.seq,
    seq: Math.max(toSeq ?? last.seq, last.seq),
    at,
    events: foldEvents(changes),
  };
}
