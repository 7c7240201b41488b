import type { EventInput } from '../../shared/schemas/event';
import {
  classifyResponse,
  dueReports,
  enqueue,
  markSending,
  nextWakeAt,
  parseQueue,
  type ReportQueue,
  recordOutcome,
  removeReport,
  retryNow,
  type SendOutcome,
} from './report-queue';

export const OUTBOX_STORAGE_KEY = 'citybrain.report-outbox';

/** Sends one report; resolves with the outcome, never rejects. */
export type SendReport = (input: EventInput & { id: string }) => Promise<SendOutcome>;

/** POST /api/events with the session cookie; a failed fetch (offline) is a retry, not an error. */
export const sendOverHttp: SendReport = async (input) => {
  try {
    const res = await fetch('/api/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    const body = (await res.json().catch(() => null)) as { message?: string } | null;
    return classifyResponse(res.status, body?.message);
  } catch (err) {
    return classifyResponse(null, (err as Error).message);
  }
};

/**
 * The I/O around report-queue.ts: keeps the queue in localStorage (saved before anything is sent),
 * sends due reports one at a time, sleeps until the next is due, and retries at once when the browser
 * says it is back online.
 */
export class ReportOutbox {
  private queue: ReportQueue;
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private flushing = false;
  private stopped = true;

  constructor(
    private readonly storage: Storage,
    private readonly send: SendReport = sendOverHttp,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.queue = parseQueue(storage.getItem(OUTBOX_STORAGE_KEY));
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getQueue = (): ReportQueue => this.queue;

  /** Starts sending and listening for the network; returns the stop function. */
  start(): () => void {
    this.stopped = false;
    window.addEventListener('online', this.onOnline);
    void this.flush();
    return () => {
      this.stopped = true;
      window.removeEventListener('online', this.onOnline);
      if (this.timer) clearTimeout(this.timer);
    };
  }

  /** Saves a report, then tries to send it. */
  submit(input: EventInput & { id: string }): void {
    this.update(enqueue(this.queue, input, this.now()));
    void this.flush();
  }

  /** After a new sign-in or a tap on "retry": everything pending is due now. */
  retry(): void {
    this.update(retryNow(this.queue, this.now()));
    void this.flush();
  }

  remove(id: string): void {
    this.update(removeReport(this.queue, id));
  }

  private onOnline = (): void => this.retry();

  private async flush(): Promise<void> {
    if (this.flushing || this.stopped) return;
    this.flushing = true;
    try {
      for (
        let due = dueReports(this.queue, this.now());
        due.length > 0;
        due = dueReports(this.queue, this.now())
      ) {
        const report = due[0]!;
        this.update(markSending(this.queue, report.id));
        const outcome = await this.send(report.input);
        this.update(recordOutcome(this.queue, report.id, outcome, this.now(), Math.random()));
        if (outcome.kind === 'retry') break; // the network is down: do not hammer it with the rest
      }
    } finally {
      this.flushing = false;
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const at = nextWakeAt(this.queue);
    if (at === null || this.stopped) return;
    this.timer = setTimeout(() => void this.flush(), Math.max(0, at - this.now()));
  }

  private update(queue: ReportQueue): void {
    this.queue = queue;
    try {
      this.storage.setItem(OUTBOX_STORAGE_KEY, JSON.stringify(queue));
    } catch {
      // Storage full or disabled: the queue still lives in memory for this page view.
    }
    for (const l of this.listeners) l();
  }
}
