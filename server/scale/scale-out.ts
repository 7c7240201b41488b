import type { Ack } from '../../shared/protocol';
import type { AlertCommand, AlertCommandInput } from '../../shared/rules/alert-workflow';
import type { Alert } from '../../shared/schemas/alert';
import type { AlertStore } from '../alerts/alert-store';
import type { Alerting } from '../alerts/alerting';
import type { AuthStore } from '../auth/auth-store';
import { openPgAuthStore } from '../auth/pg-auth-store';
import { type DutyStore, openPgDutyStore } from '../duty/duty-store';
import { LiveHub, type LiveHubOptions } from '../realtime/live-hub';
import type { LiveServer } from '../realtime/socket-server';
import { pgTarget } from '../store/pg-connection';
import { openPgStore, type PgStore } from '../store/pg-store';
import type { Change } from '../store/store';
import type { TrafficPool } from '../traffic/traffic-pool';
import { openPgTrafficStore, type TrafficStore } from '../traffic/traffic-store';
import { ChangeFeed } from './change-feed';
import { LeaderLease, lockKey } from './leader-lease';
import { openPgAlertStore } from './pg-alert-store';
import { linkSocketsThroughRedis, type RedisLink } from './redis-link';
import { openSyncPg, type SyncPg } from './sync-pg';

export interface ScaleOutLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** How this instance stands with the shared services (GET /api/health shows it). */
export interface ClusterStatus {
  leader: boolean;
  postgres: boolean;
  /** null when REDIS_URL is not set. */
  redis: boolean | null;
}

/** The server-side event that carries traffic readings that entered one instance to the others. */
const SHARE_TRAFFIC = 'cb:traffic';

/** The server-side event that carries an alert command from a follower to the leader. */
const FORWARD_ACT = 'cb:alert-act';

interface ForwardedAct {
  id: string;
  command: AlertCommand;
  input: AlertCommandInput;
}

function failed(code: string, message: string): Ack<never> {
  return { ok: false, error: { code, message } };
}

/**
 * A live hub whose `publish` goes through the change feed: committed changes, from this instance or
 * any other, reach the channels once each and in global seq order.
 */
class FeedHub extends LiveHub {
  constructor(
    options: LiveHubOptions,
    private readonly feed: () => ChangeFeed,
  ) {
    super(options);
  }

  override publish(changes: readonly Change[]): void {
    this.feed().offer(changes);
  }

  deliver(changes: readonly Change[]): void {
    super.publish(changes);
  }
}

/**
 * Everything several instances share, when DATABASE_URL is set: the PostgreSQL store (one global
 * seq), the change feed that fans every commit out to every instance's hub, the rules-engine leader
 * lease and, with REDIS_URL, Socket.IO linked through Redis Streams.
 */
export class ScaleOut {
  private feed: ChangeFeed | null = null;
  private redis: RedisLink | null = null;
  private readonly lease: LeaderLease;
  private readonly leaseKey: number;
  private followTimer: ReturnType<typeof setInterval> | null = null;
  private io: LiveServer | null = null;
  /** The change feed had PostgreSQL and lost it (not merely: has not connected yet). */
  private postgresLost = false;
  /** One blocking connection for the synchronous stores (accounts, duty, traffic); closed last. */
  private syncDb: SyncPg | null = null;
  private readonly leaderListeners = new Set<(leader: boolean) => void>();
  private readonly healthListeners = new Set<(status: ClusterStatus) => void>();

  private constructor(
    readonly store: PgStore,
    private readonly url: string,
    private readonly redisUrl: string,
    private readonly log: ScaleOutLog,
  ) {
    const { config, schema } = pgTarget(url);
    this.leaseKey = lockKey(schema);
    this.lease = new LeaderLease({
      config,
      key: this.leaseKey,
      checkMs: 1000,
      onChange: (leader) => {
        log.info(
          { leader },
          leader ? 'this instance now leads (rules engine, simulator)' : 'no longer leading',
        );
        for (const listener of this.leaderListeners) listener(leader);
      },
      onError: (err) => log.warn({ err }, 'leader lease: PostgreSQL unreachable, retrying'),
    });
  }

  static async open(url: string, redisUrl: string, log: ScaleOutLog): Promise<ScaleOut> {
    const store = await openPgStore(url, {
      onError: (err) => log.warn({ err }, 'PostgreSQL connection lost; the pool reconnects on next use'),
    });
    return new ScaleOut(store, url, redisUrl, log);
  }

  /** The live hub for this instance, fed by the shared change log. */
  createHub(options: LiveHubOptions): LiveHub {
    const { config } = pgTarget(this.url);
    let hub: FeedHub | null = null;
    const feed = new ChangeFeed({
      store: this.store,
      listenConfig: config,
      channel: this.store.channel,
      lastSeq: () => hub?.lastPublishedSeq ?? options.startSeq,
      deliver: (changes) => hub?.deliver(changes),
      onHealth: (healthy) => {
        this.postgresLost = !healthy;
        const message = healthy ? 'change feed connected' : 'change feed lost PostgreSQL; screens go stale';
        (healthy ? this.log.info : this.log.warn).call(this.log, {}, message);
        this.notifyHealth();
      },
      onError: (err, what) => this.log.warn({ err, what }, 'change feed: PostgreSQL error, retrying'),
    });
    this.feed = feed;
    hub = new FeedHub({ ...options, healthy: () => this.healthy() }, () => feed);
    return hub;
  }

  /** Links Socket.IO to the other instances (when REDIS_URL is set). */
  linkSockets(io: LiveServer): void {
    this.io = io;
    if (!this.redisUrl) return;
    this.redis = linkSocketsThroughRedis(io, {
      url: this.redisUrl,
      prefix: `city-brain:${this.store.schema}`,
      onHealth: (healthy) => {
        (healthy ? this.log.info : this.log.warn).call(
          this.log,
          {},
          healthy ? 'Redis connected' : 'Redis lost; reconnecting, screens go stale',
        );
        this.notifyHealth();
      },
      onError: (err) => this.log.warn({ err }, 'Redis error'),
    });
  }

  /** Accounts, sessions, tokens, keys and the audit log, shared by every instance. */
  async openAuthStore(): Promise<AuthStore> {
    // While the change feed says PostgreSQL is away, lookups answer from memory instead of blocking.
    return openPgAuthStore(this.url, await this.sharedSyncDb(), { reachable: () => !this.postgresLost });
  }

  /** The duty roster and response plans, shared by every instance. */
  async openDutyStore(): Promise<DutyStore> {
    return openPgDutyStore(await this.sharedSyncDb());
  }

  /** The traffic rollups, shared by every instance. */
  async openTrafficStore(): Promise<TrafficStore> {
    return openPgTrafficStore(await this.sharedSyncDb());
  }

  /**
   * The synchronous stores' calls never overlap (each blocks the thread until answered), so they share
   * one worker and one connection. Each store gets a view whose close does nothing; close() ends it.
   */
  private async sharedSyncDb(): Promise<SyncPg> {
    if (!this.syncDb) {
      const db = openSyncPg(pgTarget(this.url).config);
      this.syncDb = db;
      await db.ready();
    }
    return { ...this.syncDb, close: async () => {} };
  }

  /** The alert store every instance shares; only the lease holder's session may write to it. */
  openAlertStore(): AlertStore {
    const db = openSyncPg(pgTarget(this.url).config);
    return openPgAlertStore(db, { pid: () => this.lease.pid(), key: this.leaseKey });
  }

  /**
   * Runs the rules on the leader only: a new leader first re-reads the alerts its predecessor left;
   * followers refresh their copy every few seconds (it answers `alerts:snapshot` on their sockets)
   * and send no risk updates of their own (the leader's reach every screen through Redis).
   */
  attachAlerting(alerting: Alerting, refreshMs = 2_000): void {
    const { engine } = alerting;
    const reload = () =>
      engine.reload().catch((err) => this.log.warn({ err }, 'alerts: reading the shared store failed'));
    this.onLeaderChange((leader) => {
      if (leader) void reload().then(() => engine.evaluate());
    });
    this.followTimer = setInterval(() => {
      // Not while PostgreSQL is known to be away: each read would hold the event loop until it times out.
      if (!this.lease.isLeader() && this.healthy()) void reload();
    }, refreshMs);
    this.followTimer.unref();
    // Officers' commands (HTTP and socket both call engine.act) on a follower go to the leader.
    const act = engine.act.bind(engine);
    engine.act = (id, command, input) =>
      this.lease.isLeader() ? act(id, command, input) : this.forwardAct(id, command, input);
    this.io?.on(
      FORWARD_ACT as never,
      ((request: ForwardedAct, reply: (answer: Ack<Alert> | null) => void) => {
        if (typeof reply !== 'function') return;
        // Every instance answers (the adapter waits for all of them); only the leader with an outcome.
        if (!this.lease.isLeader()) return reply(null);
        act(request.id, request.command, request.input).then(reply, (err: unknown) =>
          reply(failed('internal', err instanceof Error ? err.message : 'command failed')),
        );
      }) as never,
    );
    const broadcastRisk = engine.broadcastRisk;
    engine.broadcastRisk = (update) => {
      if (this.lease.isLeader()) broadcastRisk(update);
    };
  }

  /**
   * One traffic picture on every instance: readings posted to one instance are handed to the others
   * through the Redis adapter (fire and forget: a reading missed is superseded by the next), and only
   * the leader's simulator feeds the roads.
   */
  attachTraffic(pool: TrafficPool): void {
    pool.simulatorRuns = () => this.lease.isLeader();
    const io = this.io;
    if (!io || !this.redis) return;
    pool.shareWithPeers = (observations) => io.serverSideEmit(SHARE_TRAFFIC, observations);
    io.on(
      SHARE_TRAFFIC as never,
      ((observations: unknown) => {
        try {
          pool.ingestTrafficObservations(Array.isArray(observations) ? observations : [], 'peer');
        } catch (err) {
          this.log.warn({ err }, 'traffic: readings from another instance refused');
        }
      }) as never,
    );
  }

  isLeader(): boolean {
    return this.lease.isLeader();
  }

  /**
   * Asks every other instance, through the Redis adapter, to run an alert command; the leader answers
   * with its outcome, the others with null. Gives up after the adapter's request timeout (5 s).
   */
  private forwardAct(id: string, command: AlertCommand, input: AlertCommandInput): Promise<Ack<Alert>> {
    const io = this.io;
    if (!io || !this.redis)
      return Promise.resolve(
        failed('conflict', 'alerts are written by the leader only, and this instance does not lead'),
      );
    const request: ForwardedAct = { id, command, input };
    return new Promise((resolve) => {
      io.serverSideEmit(FORWARD_ACT, request, (err: Error | null, answers: (Ack<Alert> | null)[]) => {
        const answer = (answers ?? []).find((a) => a !== null && a !== undefined);
        if (answer) return resolve(answer);
        if (err) this.log.warn({ err }, 'alert command: no answer from the leader');
        resolve(
          failed(
            'conflict',
            'no instance leads right now (a new leader is being chosen): try again in a moment',
          ),
        );
      });
    });
  }

  /** Calls `listener` on every change of role (not for the current one). */
  onLeaderChange(listener: (leader: boolean) => void): () => void {
    this.leaderListeners.add(listener);
    return () => this.leaderListeners.delete(listener);
  }

  onHealthChange(listener: (status: ClusterStatus) => void): () => void {
    this.healthListeners.add(listener);
    return () => this.healthListeners.delete(listener);
  }

  /** Every shared service this instance uses is reachable: its screens are up to date. */
  healthy(): boolean {
    const s = this.status();
    return s.postgres && s.redis !== false;
  }

  status(): ClusterStatus {
    return {
      leader: this.lease.isLeader(),
      postgres: this.feed?.healthy ?? true,
      redis: this.redis ? this.redis.healthy : null,
    };
  }

  start(): void {
    this.feed?.start();
    this.lease.start();
  }

  /** Steps down (a follower takes over at once) and stops following; the store stays open. */
  async stop(): Promise<void> {
    if (this.followTimer) clearInterval(this.followTimer);
    this.followTimer = null;
    await this.lease.stop();
    await this.feed?.stop();
  }

  async close(): Promise<void> {
    await this.syncDb?.close();
    await this.redis?.close();
    await this.store.close();
  }

  private notifyHealth(): void {
    const status = this.status();
    for (const listener of this.healthListeners) listener(status);
  }
}
