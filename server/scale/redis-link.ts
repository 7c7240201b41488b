import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import type { LiveServer } from '../realtime/socket-server';
import { backoffMs } from './backoff';

export interface RedisLinkOptions {
  url: string;
  /** Names this deployment's stream, so deployments (and test runs) on one Redis stay apart. */
  prefix: string;
  onHealth?: (healthy: boolean) => void;
  onError?: (err: unknown) => void;
}

export interface RedisLink {
  readonly healthy: boolean;
  close(): Promise<void>;
}

/**
 * Links this instance's Socket.IO server to the others through the Redis Streams adapter: a room
 * emit (alerts, risk) on any instance reaches the room's sockets on every instance. A stream, unlike
 * Pub/Sub, keeps what was published while an instance was briefly disconnected, and the adapter
 * resumes from its last offset; while Redis is away ioredis queues commands, reconnects with backoff
 * and sends them once it is back.
 */
export function linkSocketsThroughRedis(io: LiveServer, options: RedisLinkOptions): RedisLink {
  let attempt = 0;
  const client = new Redis(options.url, {
    // Keep queueing while Redis is away (never fail a command for that alone); reconnect with backoff.
    maxRetriesPerRequest: null,
    retryStrategy: () => backoffMs(attempt++, 100, 3_000),
    lazyConnect: false,
  });
  let healthy = false;
  const set = (h: boolean) => {
    if (h === healthy) return;
    healthy = h;
    options.onHealth?.(h);
  };
  client.on('ready', () => {
    attempt = 0;
    set(true);
  });
  client.on('error', (err) => options.onError?.(err));
  client.on('close', () => set(false));
  client.on('end', () => set(false));
  io.adapter(
    createAdapter(client, {
      streamName: `${options.prefix}:socket.io`,
      channelPrefix: `${options.prefix}:socket.io`,
      sessionKeyPrefix: `${options.prefix}:sio:session:`,
      maxLen: 10_000,
      blockTimeInMs: 1_000,
    } as Parameters<typeof createAdapter>[1]),
  );
  return {
    get healthy() {
      return healthy;
    },
    close: async () => {
      client.disconnect();
    },
  };
}
