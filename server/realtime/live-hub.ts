import { maskEvent } from '../../shared/auth/mask';
import { inScope, type Scope } from '../../shared/domain/scope';
import type { Heartbeat, LiveBatch } from '../../shared/protocol';
import type { Change } from '../store/store';
import { toBatch } from './batch';

/** What the hub needs of a connected client; Socket.IO sockets are adapted to it. */
export interface LiveSubscriber {
  readonly id: string;
  send(batch: LiveBatch): void;
  beat(heartbeat: Heartbeat): void;
  /** Messages queued but not yet written to the network. */
  backlog(): number;
  /** Bytes of those messages, where the subscriber can tell (a storm's batches are big). */
  backlogBytes?(): number;
  /** Called once when the backlog passed the bound; the subscriber has been dropped from its channel. */
  overflow(): void;
}

interface Channel {
  scope: Scope;
  /** Personal data masked (for principals without personal:read). */
  masked: boolean;
  cadenceMs: number;
  subscribers: Map<string, LiveSubscriber>;
  pending: Change[];
  /** The last seq this channel has covered in a batch it sent (its batches are contiguous in seq). */
  sentSeq: number;
  lastSentAt: number;
}

export interface LiveHubOptions {
  /** The hub's tick: no change waits longer than this on the fastest channel. */
  flushMs: number;
  /** A subscriber with more than this many unsent messages is moved to snapshot-resync. */
  maxBacklog: number;
  /**
   * …or with more than this many unsent bytes: a few hundred batches of a storm (hundreds of kB each)
   * would otherwise pin hundreds of MB for one screen that stopped reading.
   */
  maxBacklogBytes?: number;
  /** A channel with nothing to send for this long sends a heartbeat. */
  heartbeatMs: number;
  now: () => number;
  startSeq: number;
  /** Told of every batch sent (metrics). */
  onBatch?: (batch: LiveBatch) => void;
  /**
   * Whether this instance is in touch with what feeds it (the shared database, Redis). While false no
   * heartbeats go out, so screens show their stale banner instead of a quiet but live picture.
   */
  healthy?: () => boolean;
}

/**
 * Turns committed changes into seq-numbered batches, one stream per (scope, cadence) channel. A change
 * waits at most one channel cadence, so latency stays low while the number of messages stays bounded
 * whatever the ingest rate. A channel's batches cover contiguous seq ranges even when its scope
 * filters changes out, so a client detects a real gap by `fromSeq > lastSeq + 1`.
 */
export class LiveHub {
  private readonly channels = new Map<string, Channel>();
  private readonly channelOf = new Map<string, Channel>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private publishedSeq: number;
  private readonly publishListeners = new Set<(changes: readonly Change[]) => void>();

  constructor(private readonly options: LiveHubOptions) {
    this.publishedSeq = options.startSeq;
  }

  /** The last seq committed and handed to the hub. */
  get lastPublishedSeq(): number {
    return this.publishedSeq;
  }

  /** Number of subscribers across channels. */
  get subscriberCount(): number {
    return this.channelOf.size;
  }

  start(): void {
    this.timer ??= setInterval(() => this.flush(), this.options.flushMs);
  }

  /** Queues committed changes (in seq order) on every channel whose scope they fall in. */
  publish(changes: readonly Change[]): void {
    const last = changes[changes.length - 1];
    if (!last) return;
    this.publishedSeq = last.seq;
    for (const channel of this.channels.values()) {
      for (const c of changes) if (inScope(channel.scope, c.event)) channel.pending.push(c);
    }
    for (const listener of this.publishListeners) listener(changes);
  }

  /**
   * Tells `listener` of every committed change as it is published (the alert engine): every writer,
   * ingest or command, publishes here, so this is the one place that sees them all. Returns an unsubscribe.
   */
  onPublish(listener: (changes: readonly Change[]) => void): () => void {
    this.publishListeners.add(listener);
    return () => this.publishListeners.delete(listener);
  }

  /**
   * Adds a subscriber that has everything up to `seq` (from a snapshot or a replay) and returns the
   * seq its channel's next batch continues from; the caller replays (seq, that] first.
   */
  subscribe(subscriber: LiveSubscriber, scope: Scope, cadenceMs: number, masked = false): number {
    this.unsubscribe(subscriber.id);
    const cadence = Math.max(
      this.options.flushMs,
      Math.round(cadenceMs / this.options.flushMs) * this.options.flushMs,
    );
    const key = `${scope}|${cadence}|${masked ? 'masked' : 'full'}`;
    let channel = this.channels.get(key);
    if (!channel) {
      channel = {
        scope,
        masked,
        cadenceMs: cadence,
        subscribers: new Map(),
        pending: [],
        sentSeq: this.publishedSeq,
        lastSentAt: this.options.now(),
      };
      this.channels.set(key, channel);
    }
    channel.subscribers.set(subscriber.id, subscriber);
    this.channelOf.set(subscriber.id, channel);
    return channel.sentSeq;
  }

  unsubscribe(id: string): void {
    const channel = this.channelOf.get(id);
    if (!channel) return;
    channel.subscribers.delete(id);
    this.channelOf.delete(id);
    if (channel.subscribers.size === 0) {
      for (const [key, c] of this.channels) if (c === channel) this.channels.delete(key);
    }
  }

  /** Sends every channel whose cadence is due; `force` sends all (on shutdown). */
  flush(force = false): void {
    const now = this.options.now();
    // Due within half a tick of its cadence: the timer's ticks and the clock drift apart by a few ms
    // (libuv runs timers by its cached loop time), and a strict test would skip a tick now and then,
    // making every change that waited on it wait a whole cadence more (the fan-out's p99).
    const slack = this.options.flushMs / 2;
    for (const channel of [...this.channels.values()]) {
      if (!force && now - channel.lastSentAt < channel.cadenceMs - slack) continue;
      if (channel.pending.length === 0) {
        if (now - channel.lastSentAt >= this.options.heartbeatMs && (this.options.healthy?.() ?? true)) {
          channel.lastSentAt = now;
          // One object for the whole channel, as for batches: subscribers may encode it once for all.
          const heartbeat: Heartbeat = { seq: channel.sentSeq, at: now };
          for (const s of channel.subscribers.values()) s.beat(heartbeat);
        }
        continue;
      }
      const folded = toBatch(channel.pending, now, channel.sentSeq + 1, this.publishedSeq);
      const batch = folded && channel.masked ? { ...folded, events: folded.events.map(maskEvent) } : folded;
      channel.pending = [];
      channel.lastSentAt = now;
      if (!batch) continue;
      channel.sentSeq = batch.seq;
      this.options.onBatch?.(batch);
      for (const s of [...channel.subscribers.values()]) {
        if (this.overloaded(s)) {
          this.unsubscribe(s.id);
          s.overflow();
        } else {
          s.send(batch);
        }
      }
    }
  }

  private overloaded(s: LiveSubscriber): boolean {
    const { maxBacklog, maxBacklogBytes } = this.options;
    if (s.backlog() > maxBacklog) return true;
    return maxBacklogBytes !== undefined && (s.backlogBytes?.() ?? 0) > maxBacklogBytes;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.flush(true);
  }
}
