import type { Scope } from '../../shared/domain/scope';
import type { SocketAuth, SyncRequest } from '../../shared/protocol';

/** What a page asks of its live stream (live-socket.ts `connectLive`). */
export interface SyncOptions {
  cadenceMs?: number;
  scope?: Scope;
}

/** The wall's stream: batches at most every 250 ms, the whole city. */
export const WALL_SYNC: SyncOptions = { cadenceMs: 250 };

/**
 * A sync request from `lastSeq` (null: from a snapshot). compact: the snapshot and batches come as
 * columns (a fraction of the JSON's bytes).
 */
export function syncRequest(lastSeq: number | null, options: SyncOptions): SyncRequest {
  return { lastSeq, cadenceMs: options.cadenceMs, scope: options.scope, compact: true };
}

/** The Socket.IO handshake's auth: the display token, if any, and the sync request riding it. */
export function socketAuth(token: string | null, hello: SyncRequest): SocketAuth {
  return { ...(token ? { token } : {}), hello };
}
