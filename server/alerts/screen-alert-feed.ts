import { onScreen } from '../../shared/protocol';
import type { AlertChange } from '../../shared/schemas/alert';

/** How often screens get alerts' bare updates (new evidence, a count): what they show of them is a number. */
export const SCREEN_UPDATE_MS = 10_000;

/**
 * What screens get of the engine's alert changes, and when. A lifecycle step (raised, escalated,
 * acknowledged, assigned, resolved, closed) goes at once; a bare update (new evidence, a count) is held
 * and the newest per alert goes with the next `flush`, every SCREEN_UPDATE_MS. In an alert storm tens of
 * thousands of live alerts each take new evidence every few seconds: sent per pass to every screen,
 * those updates were megabytes a second per screen, the screens' queues grew and their pings waited
 * behind them until they timed out. Screens apply alerts by version, so a skipped update loses nothing
 * (the next change carries the whole alert).
 */
export class ScreenAlertFeed {
  private readonly held = new Map<string, AlertChange>();

  constructor(private readonly send: (changes: AlertChange[]) => void) {}

  /** One engine pass's changes, in order. */
  offer(changes: readonly AlertChange[]): void {
    const now: AlertChange[] = [];
    for (const c of changes) {
      const change = { ...c, alert: onScreen(c.alert) };
      if (c.transition.action === 'update') {
        this.held.set(c.alert.id, change);
      } else {
        // Carries the whole alert: any held update of it is older.
        this.held.delete(c.alert.id);
        now.push(change);
      }
    }
    if (now.length > 0) this.send(now);
  }

  /** Sends the held updates, the newest per alert, as one message. */
  flush(): void {
    if (this.held.size === 0) return;
    const changes = [...this.held.values()];
    this.held.clear();
    this.send(changes);
  }
}
