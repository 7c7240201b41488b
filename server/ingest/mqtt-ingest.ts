import type { FastifyBaseLogger } from 'fastify';
import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import type { EventInput } from '../../shared/schemas/event';
import { decodeMqttMessage, type MqttRejectReason, reasonOfIngestError } from './mqtt-message';
import { IngestError, type IngestResult } from './pipeline';

export interface MqttIngestOptions {
  /** Broker URL, e.g. mqtt://127.0.0.1:1883. */
  url: string;
  /** Topic filters, subscribed with QoS 1. */
  topics: string[];
  username?: string;
  password?: string;
  /** Stable per deployment, so that the broker keeps our session (and queues for us) across restarts. */
  clientId: string;
  /** The ingest pipeline. */
  ingest: (inputs: EventInput[]) => Promise<IngestResult>;
  /** Speed and parking readings from `…/traffic/…` topics; throws on bad readings, applying none. */
  ingestTraffic?: (items: unknown[]) => void;
  log: FastifyBaseLogger;
  /** First and longest wait between reconnect attempts (ms); the wait doubles per failed attempt. */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** How long the broker keeps our session, with its queued messages, while we are away (s). */
  sessionExpirySeconds?: number;
}

/** What the adapter has seen since it started; messages, except `accepted` and `duplicates` (events). */
export interface MqttCounters {
  /** Messages handed to us, redeliveries included. */
  received: number;
  /** Events newly stored. */
  accepted: number;
  /** Events already stored (a redelivery or a publisher's retry): acknowledged, not stored twice. */
  duplicates: number;
  /** Messages dropped (and acknowledged, so that they are not redelivered), by reason. */
  rejected: Partial<Record<MqttRejectReason, number>>;
  /** Messages not acknowledged because committing failed; the broker redelivers them on reconnect. */
  failed: number;
}

export type MqttState = 'idle' | 'connecting' | 'subscribed' | 'offline' | 'stopped';

/**
 * The MQTT source: subscribes with QoS 1 on a persistent MQTT 5 session and feeds each message to the
 * pipeline. mqtt.js sends a QoS 1 PUBACK only when `handleMessage` calls back, and hands messages over
 * one at a time, so we call back after the commit: a message is acknowledged only once it is stored
 * (or found malformed and dropped). `customHandleAcks` would not do: it decides the reason code before
 * `handleMessage` runs, so it cannot wait for the commit. Malformed messages are counted by reason,
 * logged once per reason, acknowledged and dropped; a failed commit is left unacknowledged and the
 * connection is recycled so that the broker redelivers it.
 */
export class MqttIngest {
  readonly counters: MqttCounters = { received: 0, accepted: 0, duplicates: 0, rejected: {}, failed: 0 };
  private client: MqttClient | null = null;
  private currentState: MqttState = 'idle';
  private readonly logged = new Set<string>();
  private lastError = '';
  private inFlight: Promise<boolean> | null = null;
  private waiters: (() => void)[] = [];
  private readonly minMs: number;
  private readonly maxMs: number;

  constructor(private readonly options: MqttIngestOptions) {
    this.minMs = options.reconnectMinMs ?? 1000;
    this.maxMs = options.reconnectMaxMs ?? 30_000;
  }

  get state(): MqttState {
    return this.currentState;
  }

  /** Connects in the background: a broker that is down delays nothing, the client keeps retrying. */
  start(): void {
    if (this.client) return;
    const o = this.options;
    this.currentState = 'connecting';
    const client = mqtt.connect(o.url, {
      clientId: o.clientId,
      protocolVersion: 5,
      clean: false,
      properties: { sessionExpiryInterval: o.sessionExpirySeconds ?? 3600 },
      username: o.username || undefined,
      password: o.password || undefined,
      reconnectPeriod: this.minMs,
      connectTimeout: 10_000,
      // A broker that refuses us (restarting, auth being fixed) is retried with the same backoff.
      reconnectOnConnackError: true,
      // We subscribe on every connack ourselves; mqtt.js would only resubscribe what it remembers.
      resubscribe: false,
    });
    this.client = client;
    client.handleMessage = (packet, done) => {
      // handle() catches what it expects; anything else must still call back, or mqtt.js stalls.
      this.inFlight = this.handle(packet).catch((err: unknown) => {
        o.log.error({ err, topic: packet.topic }, 'MQTT message handling failed');
        return false;
      });
      void this.inFlight.then((ack) => {
        this.inFlight = null;
        // An error keeps mqtt.js from sending the PUBACK.
        done(ack ? undefined : new Error('not committed'));
      });
    };
    client.on('connect', (connack) => {
      client.options.reconnectPeriod = this.minMs;
      this.lastError = '';
      o.log.info({ broker: this.broker, resumed: connack.sessionPresent }, 'MQTT connected');
      // rh 1: retained messages only for a new subscription, not again on every reconnect.
      client.subscribe(o.topics, { qos: 1, rh: 1 }, (err) => {
        if (err) return this.noteError(err);
        this.currentState = 'subscribed';
        for (const resolve of this.waiters.splice(0)) resolve();
      });
    });
    // mqtt.js re-arms its reconnect timer from this option after each failed attempt: back off.
    client.on('reconnect', () => {
      client.options.reconnectPeriod = Math.min(this.maxMs, (client.options.reconnectPeriod ?? 0) * 2);
    });
    client.on('offline', () => {
      if (this.currentState === 'stopped') return;
      this.currentState = 'offline';
      o.log.warn({ broker: this.broker }, 'MQTT offline; reconnecting with backoff');
    });
    client.on('error', (err) => this.noteError(err));
  }

  /** Resolves once subscribed (at once if already). */
  whenSubscribed(): Promise<void> {
    if (this.currentState === 'subscribed') return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Lets the message in hand finish (and be acknowledged), then disconnects; the session stays. */
  async stop(): Promise<void> {
    const client = this.client;
    if (!client || this.currentState === 'stopped') return;
    this.currentState = 'stopped';
    await this.inFlight;
    // Without a connection a polite DISCONNECT would never be sent: just close.
    await client.endAsync(!client.connected);
  }

  /** The broker's host only: the URL may carry credentials. */
  private get broker(): string {
    return URL.canParse(this.options.url) ? new URL(this.options.url).host : '?';
  }

  /** Broker errors repeat on every retry while it is down: log a change, not each repeat. */
  private noteError(err: Error): void {
    if (err.message === this.lastError) return;
    this.lastError = err.message;
    this.options.log.error({ broker: this.broker, err: err.message }, 'MQTT error');
  }

  /** Handles one message; resolves whether to acknowledge it. Never rejects. */
  private async handle(packet: IPublishPacket): Promise<boolean> {
    // Stopping: leave it unacknowledged so that the broker delivers it again next time.
    if (this.currentState === 'stopped') return false;
    this.counters.received++;
    if (this.options.ingestTraffic && packet.topic.includes('/traffic/')) return this.handleTraffic(packet);
    const decoded = decodeMqttMessage(packet.topic, packet.payload);
    if (!decoded.ok) return this.drop(decoded.reason, packet.topic, decoded.detail);
    try {
      const result = await this.options.ingest(decoded.inputs);
      this.counters.accepted += result.accepted.length - result.duplicates.length;
      this.counters.duplicates += result.duplicates.length;
      return true;
    } catch (err) {
      if (err instanceof IngestError) return this.drop(reasonOfIngestError(err), packet.topic, err.message);
      this.counters.failed++;
      this.options.log.error({ err, topic: packet.topic }, 'MQTT message not committed; asking for it again');
      this.recycle();
      return false;
    }
  }

  /** Traffic readings: a JSON reading or array of readings, validated by the traffic pool as over HTTP. */
  private handleTraffic(packet: IPublishPacket): true {
    let items: unknown[];
    try {
      const text =
        typeof packet.payload === 'string'
          ? packet.payload
          : new TextDecoder('utf-8', { fatal: true }).decode(packet.payload);
      const parsed: unknown = JSON.parse(text);
      items = Array.isArray(parsed) ? parsed : [parsed];
    } catch (err) {
      return this.drop('not-json', packet.topic, (err as Error).message);
    }
    try {
      this.options.ingestTraffic!(items);
      this.counters.accepted += items.length;
    } catch (err) {
      return this.drop('traffic', packet.topic, (err as Error).message);
    }
    return true;
  }

  private drop(reason: MqttRejectReason, topic: string, detail: string): true {
    this.counters.rejected[reason] = (this.counters.rejected[reason] ?? 0) + 1;
    if (!this.logged.has(reason)) {
      this.logged.add(reason);
      this.options.log.warn(
        { reason, topic, detail },
        'dropped a malformed MQTT message; further ones of this kind are counted, not logged',
      );
    }
    return true;
  }

  /**
   * Brokers redeliver an unacknowledged QoS 1 message only when the session resumes, so drop the
   * connection (after the current backoff, sparing a struggling store) and let the client reconnect.
   */
  private recycle(): void {
    const client = this.client;
    const delay = client?.options.reconnectPeriod ?? this.minMs;
    setTimeout(() => {
      if (client && this.currentState !== 'stopped') client.stream?.destroy();
    }, delay).unref();
  }
}
