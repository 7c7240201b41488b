import pg from 'pg';
import { backoffMs } from './backoff';

export interface LeaderLeaseOptions {
  /** A connection of its own: the lock lives exactly as long as this session. */
  config: pg.ClientConfig;
  /** The advisory lock key (one per deployment: derived from the schema). */
  key: number;
  /** How often a follower tries to take the lock and the leader checks its session (ms). */
  checkMs?: number;
  /** Told on every change of role, in order. */
  onChange?: (leader: boolean) => void;
  onError?: (err: unknown) => void;
}

/**
 * Leader election on a PostgreSQL session-level advisory lock: the instance whose session holds the
 * lock leads. A leader that dies (even by SIGKILL) closes its socket and PostgreSQL frees the lock
 * at once; a follower takes it on its next try (checkMs). A leader that loses its connection steps
 * down at once, and one whose session was ended server-side learns it on the next check; it never
 * keeps leading without the lock's session. While PostgreSQL is away nobody leads (and nothing that
 * only a leader does can be written anyway).
 */
export class LeaderLease {
  private client: pg.Client | null = null;
  private leader = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = true;
  private attempt = 0;
  private busy = false;
  private sessionPid: number | null = null;

  constructor(private readonly options: LeaderLeaseOptions) {}

  isLeader(): boolean {
    return this.leader;
  }

  /** The backend pid of the session holding the lock while this instance leads (for fencing writes). */
  pid(): number | null {
    return this.leader ? this.sessionPid : null;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Steps down and releases the lock (closing the session frees it). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const client = this.client;
    this.client = null;
    this.setLeader(false);
    await client?.end().catch(() => {});
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.check(), ms);
  }

  private setLeader(leader: boolean): void {
    if (leader === this.leader) return;
    this.leader = leader;
    this.options.onChange?.(leader);
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    this.setLeader(false);
  }

  private async check(): Promise<void> {
    if (this.busy || this.stopped) return;
    this.busy = true;
    let next = this.options.checkMs ?? 1000;
    try {
      if (!this.client) {
        const client = new pg.Client(this.options.config);
        client.on('error', (err) => {
          this.options.onError?.(err);
          this.lost(client);
        });
        client.on('end', () => this.lost(client));
        try {
          await client.connect();
          this.sessionPid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))
            .rows[0]!.pid;
        } catch (err) {
          await client.end().catch(() => {});
          throw err;
        }
        if (this.stopped) {
          await client.end().catch(() => {});
          return;
        }
        this.client = client;
      }
      const client = this.client;
      if (this.leader) {
        // Still the same session, so still the lock's holder.
        await client.query('SELECT 1');
      } else {
        const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [
          this.options.key,
        ]);
        if (rows[0]?.ok && this.client === client && !this.stopped) this.setLeader(true);
      }
      this.attempt = 0;
    } catch (err) {
      this.options.onError?.(err);
      const client = this.client;
      if (client) {
        this.lost(client);
        await client.end().catch(() => {});
      }
      next = backoffMs(this.attempt++, 200, this.options.checkMs ?? 1000);
    } finally {
      this.busy = false;
      this.schedule(next);
    }
  }
}

/** A stable 31-bit advisory lock key for `name` (the deployment's schema). */
export function lockKey(name: string): number {
  let h = 0x811c9dc5;
  for (const ch of `city-brain:leader:${name}`) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193);
  }
  return h & 0x7fffffff;
}
