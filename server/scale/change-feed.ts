import pg from 'pg';
import type { Change, Store } from '../store/store';
import { backoffMs } from './backoff';

export interface ChangeFeedOptions {
  /** Where committed changes are read from (the shared PostgreSQL store). */
  store: Pick<Store, 'changesSince'>;
  /** A connection of its own for LISTEN. */
  listenConfig: pg.ClientConfig;
  /** The NOTIFY channel writers announce seqs on. */
  channel: string;
  /** The last seq handed on (the hub's). */
  lastSeq: () => number;
  /** Hands changes on, always contiguous and in seq order, each exactly once. */
  deliver: (changes: Change[]) => void;
  /** A safety net when a notification is lost (ms; default 1000). */
  pollMs?: number;
  /** Told when the feed loses or regains the database. */
  onHealth?: (healthy: boolean) => void;
  onError?: (err: unknown, what: string) => void;
}

/** Largest read of the log per query. */
const READ_CHUNK = 2000;

/**
 * Follows the shared change log so that every instance publishes every committed change (its own and
 * other instances') to its live hub in global seq order, with no gap and no repeat. Writers NOTIFY the
 * last seq of each commit; the feed then reads `changesSince(lastSeq)`. A local commit is offered
 * directly (no round trip) when it continues the hub's seq, and otherwise triggers a read, so the
 * order never depends on which commit's answer came back first. While PostgreSQL is away the feed
 * reports unhealthy, retries with backoff and, once back, reads everything it missed from the log.
 */
export class ChangeFeed {
  private listener: pg.Client | null = null;
  private stopped = true;
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  private reading = false;
  private readAgain = false;
  private listening = false;
  private readOk = true;
  private reportedHealthy = false;
  private attempt = 0;

  constructor(private readonly options: ChangeFeedOptions) {}

  /** Connected for notifications and the last read of the log worked. */
  get healthy(): boolean {
    return this.listening && this.readOk;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.listen();
    this.pollTimer = setInterval(() => this.read(), this.options.pollMs ?? 1000);
    this.read();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => {});
  }

  /** Committed changes (from this instance's writers): delivered now if they continue the seq, else read. */
  offer(changes: readonly Change[]): void {
    const last = this.options.lastSeq();
    const fresh = changes.filter((c) => c.seq > last);
    if (fresh.length === 0) return;
    const contiguous = fresh.every((c, i) => c.seq === last + 1 + i);
    if (contiguous) this.options.deliver(fresh);
    else this.read();
  }

  /** Reads the log after the hub's seq until it is caught up; one read at a time. */
  read(): void {
    if (this.stopped) return;
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    this.reading = true;
    void (async () => {
      try {
        do {
          this.readAgain = false;
          const from = this.options.lastSeq();
          const changes = await this.options.store.changesSince(from, READ_CHUNK);
          if (changes === null) {
            // The log was pruned past this instance's position: it cannot replay the gap. Screens
            // detect it (their next batch skips seqs) and resync with a snapshot.
            this.options.onError?.(new Error(`change log pruned past seq ${from}`), 'feed');
            break;
          }
          this.offer(changes);
          if (changes.length === READ_CHUNK) this.readAgain = true;
        } while (this.readAgain && !this.stopped);
        this.setReadOk(true);
      } catch (err) {
        this.setReadOk(false);
        this.options.onError?.(err, 'read');
      } finally {
        this.reading = false;
      }
    })();
  }

  private setReadOk(ok: boolean): void {
    this.readOk = ok;
    this.report();
  }

  private report(): void {
    const healthy = this.healthy;
    if (healthy === this.reportedHealthy) return;
    this.reportedHealthy = healthy;
    this.options.onHealth?.(healthy);
  }

  private async listen(): Promise<void> {
    while (!this.stopped && !this.listener) {
      const client = new pg.Client(this.options.listenConfig);
      // Errors surface as 'end' below; without a listener an error would crash the process.
      client.on('error', (err) => this.options.onError?.(err, 'listen'));
      try {
        await client.connect();
        await client.query(`LISTEN "${this.options.channel}"`);
      } catch (err) {
        this.options.onError?.(err, 'listen');
        await client.end().catch(() => {});
        this.listening = false;
        this.report();
        await new Promise((r) => setTimeout(r, backoffMs(this.attempt++)));
        continue;
      }
      if (this.stopped) {
        await client.end().catch(() => {});
        return;
      }
      this.attempt = 0;
      this.listener = client;
      this.listening = true;
      this.report();
      client.on('notification', () => this.read());
      client.on('end', () => {
        if (this.listener !== client) return;
        this.listener = null;
        this.listening = false;
        this.report();
        if (!this.stopped) setTimeout(() => void this.listen(), backoffMs(this.attempt++));
      });
      // Anything committed while not listening.
      this.read();
    }
  }
}
