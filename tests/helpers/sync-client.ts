import { io } from 'socket.io-client';
import { LiveStore } from '../../client/state/live-store';
import type { Scope } from '../../shared/domain/scope';
import type { LiveBatch } from '../../shared/protocol';
import type { GridEvent } from '../../shared/schemas/event';
import type { TestSocket } from './test-server';

export type HelloMode = 'snapshot' | 'replay';

/**
 * A headless screen: a real socket.io-client feeding the real client `LiveStore`, resyncing the way
 * `client/net/live-socket.ts` does (`sync:hello` with `store.lastSeq` on connect and on a gap). It can
 * drop its socket and come back on a new one with the same store, and it keeps the figures a test
 * checks: snapshots, applied/stale/gap batches, hello answers, and any event that went back in version.
 */
export class SyncClient {
  readonly store = new LiveStore();
  socket: TestSocket | null = null;
  snapshots = 0;
  applied = 0;
  stale = 0;
  gaps = 0;
  /** Every `sync:hello` answer, in order. */
  readonly hellos: HelloMode[] = [];
  readonly errors: string[] = [];
  /** `id vN after vM` for every state applied that was older than one already applied. */
  readonly regressions: string[] = [];
  /** Called for every batch received, before it is applied. */
  onBatch: ((batch: LiveBatch, receivedAt: number) => void) | null = null;
  private readonly maxVersion = new Map<string, number>();
  private resyncing = false;

  constructor(
    readonly url: string,
    /** `token` authenticates the socket at the handshake (a session, display token or API key). */
    readonly options: { scope?: Scope; cadenceMs?: number; token?: string } = {},
  ) {}

  /** Opens a new socket (keeping the store) and resolves with the answer to its first `sync:hello`. */
  connect(): Promise<HelloMode> {
    this.socket?.disconnect();
    const socket: TestSocket = io(this.url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      auth: this.options.token ? { token: this.options.token } : {},
    });
    this.socket = socket;
    this.resyncing = false;
    const first = new Promise<HelloMode>((resolve, reject) => {
      socket.once('connect_error', reject);
      socket.once('connect', () => this.hello(socket, resolve, reject));
    });
    socket.on('sync:snapshot', (snapshot) => {
      if (socket !== this.socket) return;
      this.snapshots++;
      for (const e of snapshot.events) this.track(e, 'snapshot');
      this.store.applySnapshot(snapshot);
    });
    socket.on('sync:heartbeat', (heartbeat) => this.store.applyHeartbeat(heartbeat));
    socket.on('sync:batch', (batch) => {
      if (socket !== this.socket) return;
      this.onBatch?.(batch, Date.now());
      const applies =
        this.store.lastSeq !== null &&
        batch.seq > this.store.lastSeq &&
        batch.fromSeq <= this.store.lastSeq + 1;
      if (applies) for (const e of batch.events) this.track(e, `batch ${batch.fromSeq}..${batch.seq}`);
      const result = this.store.applyBatch(batch);
      if (result === 'applied') this.applied++;
      else if (result === 'stale') this.stale++;
      else {
        this.gaps++;
        this.hello(socket);
      }
    });
    return first;
  }

  /** Drops the socket; the store keeps its state and seq. */
  disconnect(): void {
    this.socket?.disconnect();
  }

  /** The seq the store is at (-1 before its first snapshot). */
  get seq(): number {
    return this.store.lastSeq ?? -1;
  }

  /** Resolves once the store reached `seq` (woken by the store itself, no polling); rejects after `timeoutMs`. */
  untilSeq(seq: number, timeoutMs = 10_000): Promise<void> {
    if (this.seq >= seq) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for seq ${seq} (at ${this.seq})`));
      }, timeoutMs);
      const unsubscribe = this.store.subscribe(() => {
        if (this.seq < seq) return;
        clearTimeout(timer);
        unsubscribe();
        resolve();
      });
    });
  }

  /** id → `status@version` of every event the store holds. */
  state(): Map<string, string> {
    return stateOf(this.store.values());
  }

  private hello(
    socket: TestSocket,
    resolve?: (mode: HelloMode) => void,
    reject?: (err: Error) => void,
  ): void {
    if (this.resyncing) return;
    this.resyncing = true;
    socket.emit(
      'sync:hello',
      { lastSeq: this.store.lastSeq, cadenceMs: this.options.cadenceMs, scope: this.options.scope },
      (result) => {
        this.resyncing = false;
        if (result.ok) {
          this.hellos.push(result.data.mode);
          resolve?.(result.data.mode);
        } else {
          this.errors.push(`${result.error.code}: ${result.error.message}`);
          reject?.(new Error(result.error.message));
        }
      },
    );
  }

  private track(e: GridEvent, where: string): void {
    const max = this.maxVersion.get(e.id) ?? 0;
    if (e.version < max) this.regressions.push(`${e.id} v${e.version} after v${max} (${where})`);
    else this.maxVersion.set(e.id, e.version);
  }
}

/** id → `status@version`, the comparable form of a set of events. */
export function stateOf(events: Iterable<GridEvent>): Map<string, string> {
  const state = new Map<string, string>();
  for (const e of events) state.set(e.id, `${e.status}@${e.version}`);
  return state;
}

/** What differs between two states, at most `max` lines: empty when they are equal. */
export function stateDiff(actual: Map<string, string>, expected: Map<string, string>, max = 10): string[] {
  const diff: string[] = [];
  for (const [id, want] of expected) {
    const got = actual.get(id);
    if (got !== want) diff.push(`${id}: expected ${want}, got ${got ?? 'nothing'}`);
  }
  for (const [id, got] of actual) if (!expected.has(id)) diff.push(`${id}: unexpected ${got}`);
  return diff.slice(0, max);
}
