import type { SummaryStore } from './use-store';

/**
 * A clock that ticks every `intervalMs` while anything listens: its summary is the time of the last
 * tick. Every part of a page that refreshes with it re-renders in the same React pass, once per tick,
 * whatever else happens in between (the wall's header and KPI strip share one).
 */
export class Ticker implements SummaryStore<number> {
  private now: number;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly intervalMs: number,
    private readonly clock: () => number = () => Date.now(),
  ) {
    this.now = clock();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (this.timer === null) {
      this.now = this.clock();
      this.timer = setInterval(() => this.tick(), this.intervalMs);
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer !== null) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  };

  getSummary = (): number => this.now;

  private tick(): void {
    this.now = this.clock();
    for (const l of this.listeners) l();
  }
}
