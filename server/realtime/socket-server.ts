import type { Server as HttpServer } from 'node:http';
import { fastifyCookie } from '@fastify/cookie';
import { Server, type Socket } from 'socket.io';
import Type from 'typebox';
import { Compile } from 'typebox/compile';
import { ACTION_PERMISSION } from '../../shared/auth/action-permissions';
import { maskEvent } from '../../shared/auth/mask';
import type { Permission } from '../../shared/auth/permissions';
import { rollUpCounts } from '../../shared/domain/grid-counts';
import { inScope, type Scope } from '../../shared/domain/scope';
import { WORKFLOW_ACTIONS } from '../../shared/domain/workflow';
import type {
  Ack,
  ClientToServerEvents,
  LiveBatch,
  ServerToClientEvents,
  Snapshot,
  SocketAuth,
  SyncRequest,
  SyncResult,
} from '../../shared/protocol';
import type { GridEvent } from '../../shared/schemas/event';
import {
  encodeBatch,
  encodeSnapshot,
  type LiveBatchColumns,
  type SnapshotColumns,
} from '../../shared/snapshot-columns';
import type { AuthStore } from '../auth/auth-store';
import { actorOf, holds, type Principal, resolvePrincipal, SESSION_COOKIE } from '../auth/principal';
import type { EventCommands } from '../events/event-commands';
import type { Store } from '../store/store';
import { foldEvents } from './batch';
import type { LiveHub, LiveSubscriber } from './live-hub';
import { coalesceWrites, emitShared } from './shared-message';

export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

const SyncRequestCheck = Compile(
  Type.Object(
    {
      lastSeq: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
      cadenceMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
      scope: Type.Optional(
        Type.String({ pattern: '^(city|district:[A-Za-z0-9]{1,32}|community:[A-Za-z0-9]{1,32})$' }),
      ),
      compact: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
);
const EventActionCheck = Compile(
  Type.Object(
    {
      id: Type.String({ minLength: 1, maxLength: 64 }),
      note: Type.Optional(Type.String({ maxLength: 2000 })),
      assignee: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    },
    { additionalProperties: false },
  ),
);

/** Largest number of changes replayed in one batch message on resume. */
const REPLAY_CHUNK = 5000;
/** Beyond this many missed changes a fresh snapshot is cheaper than a replay. */
const REPLAY_MAX = 50_000;

export interface SocketDeps {
  store: Store;
  auth: AuthStore;
  hub: LiveHub;
  commands: EventCommands;
  /** The routing rule for dispatches (an override needs a reason): see server/duty/dispatch-guard.ts. */
  dispatchCheck?: (actor: string, assignee?: string, note?: string) => (event: GridEvent) => string | null;
  snapshotLimit: number;
  now: () => number;
  /** A screen fell too far behind and is being resynced with a snapshot (a metric counts these). */
  onResync?: () => void;
}

/** Attaches Socket.IO to the HTTP server: live sync (`sync:hello`) and workflow commands (`event:*`). */
export function createSocketServer(http: HttpServer, deps: SocketDeps): LiveServer {
  const io: LiveServer = new Server(http, {
    serveClient: false,
    transports: ['websocket', 'polling'],
    // A browser page from another origin may not ride a user's session cookie into the live stream.
    allowRequest: (req, callback) => callback(null, sameOrigin(req.headers.origin, req.headers.host)),
  });

  io.engine.on('connection', coalesceWrites);
  const snapshots = new SharedSnapshots(deps);

  // Every socket is authenticated at the handshake, with the same session cookie or a token.
  io.use((socket, next) => {
    const cookies = fastifyCookie.parse(socket.handshake.headers.cookie ?? '');
    const token = typeof socket.handshake.auth?.token === 'string' ? socket.handshake.auth.token : undefined;
    const principal = resolvePrincipal(
      deps.auth,
      { cookie: cookies[SESSION_COOKIE], bearer: token },
      Date.now(),
    );
    if (principal === 'invalid')
      return next(new Error('unauthorized: the session or token is invalid, expired or revoked'));
    if (principal.kind === 'anonymous') return next(new Error('unauthorized: sign in or send a token'));
    // A sync request in the handshake (SocketAuth.hello) is checked here, so a bad one refuses the
    // connection with the reason instead of a stream that never starts.
    const hello = (socket.handshake.auth as SocketAuth | undefined)?.hello;
    if (hello !== undefined) {
      const problem = firstProblem(SyncRequestCheck, hello);
      if (problem) return next(new Error(`bad_request: the handshake's sync:hello ${problem}`));
    }
    socket.data.principal = principal;
    socket.data.hello = hello;
    next();
  });

  io.on('connection', (socket) => {
    const principal = socket.data.principal as Principal;
    const allowed = (permission: Permission) => holds(principal, permission);
    let last: SyncRequest = { lastSeq: null };
    socket.on('sync:hello', async (request, ack) => {
      const reply = typeof ack === 'function' ? ack : () => {};
      if (!allowed('live:read')) return reply(fail('forbidden', 'sync:hello needs the live:read permission'));
      const problem = firstProblem(SyncRequestCheck, request);
      if (problem) return reply(fail('bad_request', `sync:hello ${problem}`));
      last = request;
      try {
        const masked = !allowed('personal:read');
        if (!masked) {
          deps.auth.audit({
            at: Date.now(),
            actor: actorOf(principal),
            action: 'personal:stream',
            target: request.scope ?? 'city',
            detail: {},
          });
        }
        reply({
          ok: true,
          data: await startStream(socket, request, masked, deps, snapshots, () => resync()),
        });
      } catch (err) {
        reply(fail('internal', err instanceof Error ? err.message : 'sync failed'));
      }
    });
    // A client that fell too far behind gets a fresh snapshot once its socket has drained: nothing
    // queued in engine.io and the transport done writing (engine.io's own 'drain' only means its queue
    // went to the transport, so a snapshot sent then would queue behind the whole backlog).
    const resync = () => {
      deps.onResync?.();
      whenDrained(socket, () => {
        if (socket.connected)
          void startStream(
            socket,
            { ...last, lastSeq: null },
            !allowed('personal:read'),
            deps,
            snapshots,
            resync,
          );
      });
    };
    socket.on('disconnect', () => deps.hub.unsubscribe(socket.id));
    // The handshake's hello is handled as if the client had sent it first thing, by every listener
    // (alerts, plans and traffic send their snapshots on it too: they attach theirs after this handler,
    // in their own 'connection' handlers, hence the next turn), and answered as `sync:welcome`.
    const handshakeHello = socket.data.hello as SyncRequest | undefined;
    if (handshakeHello !== undefined) {
      setImmediate(() => {
        if (!socket.connected) return;
        const welcome = (result: SyncResult) => socket.emit('sync:welcome', result);
        for (const listener of socket.listeners('sync:hello')) listener(handshakeHello, welcome);
      });
    }

    for (const action of WORKFLOW_ACTIONS) {
      socket.on(`event:${action}`, async (request, ack) => {
        const reply = typeof ack === 'function' ? ack : () => {};
        if (!allowed(ACTION_PERMISSION[action])) {
          return reply(
            fail('forbidden', `event:${action} needs the ${ACTION_PERMISSION[action]} permission`),
          );
        }
        const problem = firstProblem(EventActionCheck, request);
        if (problem) return reply(fail('bad_request', `event:${action} ${problem}`));
        try {
          reply(
            await deps.commands.act(request.id, action, {
              actor: actorOf(principal),
              district: principal.kind === 'user' ? principal.user.district : null,
              note: request.note,
              assignee: request.assignee,
              check:
                action === 'dispatch'
                  ? deps.dispatchCheck?.(actorOf(principal), request.assignee, request.note)
                  : undefined,
            }),
          );
        } catch (err) {
          reply(fail('internal', err instanceof Error ? err.message : 'command failed'));
        }
      });
    }
  });
  return io;
}

/**
 * Subscribes the socket to its channel, then sends what it lacks: the replayed gap when the log still
 * has it, a snapshot otherwise. Live batches that arrive meanwhile are held and sent after, so the
 * socket sees one ordered stream even when the store answers asynchronously.
 */
async function startStream(
  socket: LiveSocket,
  request: SyncRequest,
  masked: boolean,
  deps: SocketDeps,
  snapshots: SharedSnapshots,
  onOverflow: () => void,
): Promise<{ mode: 'snapshot' | 'replay'; seq: number }> {
  const scope: Scope = request.scope ?? 'city';
  const held: LiveBatch[] = [];
  let holding = true;
  const compact = request.compact === true;
  // The hub gives every subscriber of a channel the same batch object: encoded once for all of them.
  const emitBatch = (batch: LiveBatch) =>
    compact
      ? emitShared(socket, 'sync:batch-columns', batchColumns(batch))
      : emitShared(socket, 'sync:batch', batch);
  const subscriber: LiveSubscriber = {
    id: socket.id,
    send: (batch) => (holding ? held.push(batch) : emitBatch(batch)),
    beat: (heartbeat) => emitShared(socket, 'sync:heartbeat', heartbeat),
    // engine.io queues packets here while the transport is busy writing: the honest measure of lag.
    backlog: () => (socket.conn as unknown as { writeBuffer: unknown[] }).writeBuffer.length,
    backlogBytes: () => queuedBytes(socket),
    overflow: onOverflow,
  };
  const upTo = deps.hub.subscribe(subscriber, scope, request.cadenceMs ?? 0, masked);
  const view = (events: GridEvent[]) => (masked ? events.map(maskEvent) : events);
  try {
    const replay = request.lastSeq === null ? null : await replayBatches(deps, scope, request.lastSeq, upTo);
    let result: { mode: 'snapshot' | 'replay'; seq: number };
    if (replay) {
      for (const batch of replay) {
        const own = { ...batch, events: view(batch.events) };
        if (compact) socket.emit('sync:batch-columns', encodeBatch(own));
        else socket.emit('sync:batch', own);
      }
      result = { mode: 'replay', seq: upTo };
    } else {
      const snapshot = await snapshots.get(scope, masked, compact, upTo);
      emitShared(socket, snapshot.event, snapshot.payload);
      result = { mode: 'snapshot', seq: snapshot.seq };
    }
    for (const batch of held) emitBatch(batch);
    return result;
  } finally {
    holding = false;
  }
}

const columnsOf = new WeakMap<LiveBatch, LiveBatchColumns>();

/** The batch as columns, encoded once per batch object (so emitShared also frames it once). */
function batchColumns(batch: LiveBatch): LiveBatchColumns {
  let columns = columnsOf.get(batch);
  if (!columns) {
    columns = encodeBatch(batch);
    columnsOf.set(batch, columns);
  }
  return columns;
}

/**
 * Bytes engine.io holds for the socket (its queue of packets; text as UTF-16 length, near enough for a
 * bound) plus what the WebSocket has taken but not yet handed to the kernel.
 */
export function queuedBytes(socket: LiveSocket): number {
  const conn = socket.conn as unknown as {
    writeBuffer: { data?: unknown }[];
    transport: { socket?: { bufferedAmount?: number } };
  };
  let bytes = conn.transport.socket?.bufferedAmount ?? 0;
  for (const p of conn.writeBuffer) {
    const d = p.data;
    bytes += typeof d === 'string' ? d.length : d instanceof Uint8Array ? d.byteLength : 0;
  }
  return bytes;
}

/** Polls until the socket has nothing queued (engine.io's buffer empty, transport writable), then calls `then`. */
function whenDrained(socket: LiveSocket, then: () => void, everyMs = 50): void {
  const conn = socket.conn as unknown as { writeBuffer: unknown[]; transport: { writable: boolean } };
  const check = () => {
    if (!socket.connected) return;
    if (conn.writeBuffer.length === 0 && conn.transport.writable) then();
    else setTimeout(check, everyMs).unref();
  };
  check();
}

interface SnapshotMessage {
  event: 'sync:snapshot' | 'sync:columns';
  payload: Snapshot | SnapshotColumns;
  seq: number;
}

/**
 * Snapshots being built or just built, shared by the sockets that ask for the same one at about the
 * same time: screens that fell behind together (one overloaded machine, a network hiccup) resync
 * together, and each copy read from the store, masked and encoded for each socket cost as much as
 * the whole fan-out. One store read, one encoding (emitShared), for all of them. A snapshot serves a
 * socket only if it covers the seq the socket's channel continues from, so nothing is skipped.
 */
export class SharedSnapshots {
  private readonly entries = new Map<string, { minSeq: number; message: Promise<SnapshotMessage> }>();

  constructor(
    private readonly deps: SocketDeps,
    /** How long a built snapshot is offered to later askers. */
    private readonly keepMs = 1000,
  ) {}

  get(scope: Scope, masked: boolean, compact: boolean, atLeast: number): Promise<SnapshotMessage> {
    const key = `${scope}|${masked ? 'masked' : 'full'}|${compact ? 'columns' : 'json'}`;
    const known = this.entries.get(key);
    if (known && known.minSeq >= atLeast) return known.message;
    // The store has committed at least what the hub has published: the snapshot will cover it.
    const entry = { minSeq: this.deps.hub.lastPublishedSeq, message: this.build(scope, masked, compact) };
    this.entries.set(key, entry);
    const forget = () => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    };
    entry.message.then((m) => {
      entry.minSeq = Math.max(entry.minSeq, m.seq);
      setTimeout(forget, this.keepMs).unref();
    }, forget);
    return entry.message;
  }

  private async build(scope: Scope, masked: boolean, compact: boolean): Promise<SnapshotMessage> {
    const snapshot = await this.deps.store.snapshot(this.deps.snapshotLimit);
    const scoped = scope === 'city' ? snapshot.events : snapshot.events.filter((e) => inScope(scope, e));
    const events = masked ? scoped.map(maskEvent) : scoped;
    const at = this.deps.now();
    if (compact) {
      // The same snapshot as columns; the client recomputes the counts (shared/snapshot-columns.ts).
      return {
        event: 'sync:columns',
        payload: encodeSnapshot({ seq: snapshot.seq, at, events }),
        seq: snapshot.seq,
      };
    }
    const counts = Object.fromEntries(rollUpCounts(scoped, at));
    return { event: 'sync:snapshot', payload: { seq: snapshot.seq, at, events, counts }, seq: snapshot.seq };
  }
}

/** The batches a client at `lastSeq` missed up to `upTo`, or null when the log cannot fill the gap. */
async function replayBatches(
  deps: SocketDeps,
  scope: Scope,
  lastSeq: number,
  upTo: number,
): Promise<LiveBatch[] | null> {
  if (lastSeq > upTo || upTo - lastSeq > REPLAY_MAX) return null;
  const batches: LiveBatch[] = [];
  let from = lastSeq;
  while (from < upTo) {
    const changes = await deps.store.changesSince(from, Math.min(REPLAY_CHUNK, upTo - from));
    if (changes === null) return null;
    const end = changes[changes.length - 1]?.seq;
    if (end === undefined) break;
    const events = foldEvents(changes.filter((c) => inScope(scope, c.event)));
    batches.push({ fromSeq: from + 1, seq: end, at: deps.now(), events });
    from = end;
  }
  return batches;
}

/**
 * True when a request's Origin (sent by browsers) names the host it was sent to. Machine clients send
 * no Origin and authenticate with a token, so they pass; a cross-site page is refused at the handshake.
 */
export function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (!origin) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

function firstProblem(check: ReturnType<typeof Compile>, value: unknown): string | null {
  if (check.Check(value)) return null;
  const first = [...check.Errors(value)].find((e) => e.keyword !== 'boolean');
  return `${first?.instancePath || 'payload'}: ${first?.message ?? 'invalid'}`;
}

function fail(code: string, message: string): Ack<never> {
  return { ok: false, error: { code, message } };
}
