import { onScreen } from '../../shared/protocol';
import type { AlertChange } from '../../shared/schemas/alert';

/** How often screens get alerts' bare updates (new evidence, a count): what they show of them is a number. */
export const SCREEN_UPDATE_MS = 10_000;
/** How often lifecycle steps held back by a storm go out (see STEP_BUDGET). */
export const SCREEN_STEP_MS = 1_000;
/**
 * Most lifecycle steps a screen gets per SCREEN_STEP_MS. A city's worst hour raises hundreds of
 * alerts; a storm (nearly every micro-grid of the city in surge) raised 20,000 within a minute in
 * the soak benchmark, each sent at once to every screen: the screens' queues grew, their pings
 * waited behind them and they dropped. Over the budget, steps wait in order and drain a budget a
 * second.
 */
export const STEP_BUDGET = 1_000;
/** Most bare updates a screen gets per SCREEN_UPDATE_MS; the rest wait their turn, oldest first. */
export const UPDATE_BUDGET = 2_000;

/** Red and orange steps jump the queue: they are what the wall's ticker flashes. */
const urgent = (c: AlertChange) => c.alert.level === 'red' || c.alert.level === 'orange';

/**
 * What screens get of the engine's alert changes, and when. A lifecycle step (raised, escalated,
 * acknowledged, assigned, resolved, closed) goes at once while the second's STEP_BUDGET lasts; past
 * it, and while any step waits, steps queue (one per alert, the newest) and `drain` sends a budget a
 * second, red and orange first. A bare update (new evidence, a count) is held and the newest per alert
 * goes with the next `flush`, every SCREEN_UPDATE_MS, at most UPDATE_BUDGET of them, oldest first. In
 * an alert storm tens of thousands of live alerts each take new evidence every few seconds: sent per
 * pass to every screen, those updates were megabytes a second per screen. Screens apply alerts by
 * version, so a skipped update loses nothing (the next change carries the whole alert), and what
 * waits is bounded by the alerts there are.
 */
export class ScreenAlertFeed {
  /** Bare updates, by alert id; a newer one keeps its place in line. */
  private readonly held = new Map<string, AlertChange>();
  /** Lifecycle steps over the budget, by alert id, in the order they came. */
  private readonly queued = new Map<string, AlertChange>();
  private stepsThisTick = 0;

  constructor(private readonly send: (changes: AlertChange[]) => void) {}

  /** One engine pass's changes, in order. */
  offer(changes: readonly AlertChange[]): void {
    const now: AlertChange[] = [];
    for (const c of changes) {
      const change = { ...c, alert: onScreen(c.alert) };
      const id = c.alert.id;
      if (c.transition.action === 'update') {
        const step = this.queued.get(id);
        // A waiting step goes with the newest state of its alert; an update sent before it would
        // make the screen skip the step as older.
        if (step) this.queued.set(id, { ...step, seq: change.seq, alert: change.alert });
        else this.held.set(id, change);
        continue;
      }
      // Carries the whole alert: any held update of it is older.
      this.held.delete(id);
      if (this.queued.size === 0 && this.stepsThisTick < STEP_BUDGET) {
        this.stepsThisTick++;
        now.push(change);
      } else {
        this.queued.delete(id);
        this.queued.set(id, change);
      }
    }
    if (now.length > 0) this.send(now);
  }

  /** A new second's budget: sends up to STEP_BUDGET waiting steps, red and orange first. */
  drain(): void {
    this.stepsThisTick = 0;
    if (this.queued.size === 0) return;
    const out: AlertChange[] = [];
    for (const first of [true, false]) {
      for (const [id, c] of this.queued) {
        if (out.length >= STEP_BUDGET) break;
        if (urgent(c) !== first) continue;
        out.push(c);
        this.queued.delete(id);
      }
    }
    this.stepsThisTick = out.length;
    this.send(out);
  }

  /** Sends held updates, the newest per alert, the UPDATE_BUDGET longest waiting, as one message. */
  flush(): void {
    if (this.held.size === 0) return;
    const out: AlertChange[] = [];
    for (const [id, c] of this.held) {
      if (out.length >= UPDATE_BUDGET) break;
      out.push(c);
      this.held.delete(id);
    }
    this.send(out);
  }

  /** Steps and updates waiting (diagnostics, tests). */
  waiting(): { steps: number; updates: number } {
    return { steps: this.queued.size, updates: this.held.size };
  }
}
