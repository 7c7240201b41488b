import type { Store } from './store';

/**
 * How long the change log keeps a change. It exists to replay what a screen missed while briefly cut
 * off (and, with several servers, for each to follow the others' commits); a screen away longer gets
 * a snapshot instead, as it would anyway. Without pruning the log kept every version of every event
 * for ever: 500 MB after ten minutes of the soak's 500 events/s.
 */
export const CHANGE_LOG_KEEP_MS = 60 * 60_000;

/**
 * Drops changes older than CHANGE_LOG_KEEP_MS (by `now`, the app's clock: changes carry its time)
 * every `everyMs`, one pass at a time. Returns a function that stops it.
 */
export function startChangeLogPruner(
  store: Pick<Store, 'pruneChanges'>,
  now: () => number,
  onError: (err: unknown) => void,
  everyMs = 60_000,
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    store
      .pruneChanges(now() - CHANGE_LOG_KEEP_MS)
      .catch(onError)
      .finally(() => {
        running = false;
      });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
