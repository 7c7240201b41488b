import type { GridCounts } from './domain/grid-counts';
import type { PlanInstance } from './domain/response-plan';
import type { Scope } from './domain/scope';
import type { WorkflowAction } from './domain/workflow';
import type { RecordColumns } from './record-columns';
import type { Alert, AlertChange } from './schemas/alert';
import type { GridEvent } from './schemas/event';
import type { LiveBatchColumns, SnapshotColumns } from './snapshot-columns';

/**
 * The one typed Socket.IO contract between server and client.
 *
 * Every change the server commits gets a sequence number from the store's change log. A client
 * starts from a snapshot (state + the seq it reflects), applies batches in seq order, and on reconnect
 * says its last seq; the server replays the gap from its log or, when the gap is too old, sends a
 * fresh snapshot. Every message from server to client carries a seq.
 */

/** The state a client starts from. `seq` is the last change it includes. */
export interface Snapshot {
  seq: number;
  /** Server time when the snapshot was taken (epoch ms). */
  at: number;
  /** Open events (not closed or cancelled), newest first, capped by the server. */
  events: GridEvent[];
  /** Open, overdue, near-deadline and severe counts per grid id at every level, and under `city`. */
  counts: Record<string, GridCounts>;
}

/** Changes committed since the previous batch, in seq order. */
export interface LiveBatch {
  /** Seq of the first change in this batch. */
  fromSeq: number;
  /** Seq of the last change in this batch: the client's new position. */
  seq: number;
  at: number;
  /** The latest state of every event changed in (fromSeq..seq). */
  events: GridEvent[];
}

/** Sent on a channel that had nothing to say for a while, so screens can tell quiet from dead. */
export interface Heartbeat {
  /** The last seq the channel covered. */
  seq: number;
  at: number;
}

/** What a client asks for when it (re)connects. */
export interface SyncRequest {
  /** The last seq the client applied, or null for a fresh start. */
  lastSeq: number | null;
  /** How often the client wants batches (ms, rounded to the server's tick); walls may ask for 250. */
  cadenceMs?: number;
  /** What part of the city to stream: `city` (default), `district:<id>` or `community:<id>`. */
  scope?: Scope;
  /**
   * Send a snapshot as `sync:columns` and live batches as `sync:batch-columns` (shared/snapshot-columns.ts:
   * the same data in a fraction of the bytes) instead of `sync:snapshot` and `sync:batch`, and alerts
   * and plans as columns too (`alerts:snapshot-columns`, `alert:changes-columns`, …). Screens ask for
   * it; without it the JSON comes.
   */
  compact?: boolean;
}

export type AckError = { code: string; message: string };
/** Every command is acknowledged with data or a specific error. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: AckError };
/** The answer to a sync request: how the stream started (a snapshot, or the missed batches replayed). */
export type SyncResult = Ack<{ mode: 'snapshot' | 'replay'; seq: number }>;

/**
 * What a client sends with the Socket.IO handshake (`auth`). `token`: a display token or API key (a
 * browser signed in rides its session cookie instead). `hello`: the sync request, so that the server
 * starts the stream as it accepts the socket, a round trip sooner than a `sync:hello` sent on connect
 * (a wall's page is busy while it starts, and each round trip waits for it); answered as
 * `sync:welcome`. A bad `hello` refuses the connection with the reason (`connect_error`).
 */
export interface SocketAuth {
  token?: string;
  hello?: SyncRequest;
}

export interface ServerToClientEvents {
  /** The answer to the sync request that came with the handshake (SocketAuth.hello), as `sync:hello`'s ack. */
  'sync:welcome': (result: SyncResult) => void;
  'sync:snapshot': (snapshot: Snapshot) => void;
  /** The snapshot as columns, instead of `sync:snapshot`, for a client that asked `compact`. */
  'sync:columns': (snapshot: SnapshotColumns) => void;
  'sync:batch': (batch: LiveBatch) => void;
  /** A live batch as columns, instead of `sync:batch`, for a client that asked `compact`. */
  'sync:batch-columns': (batch: LiveBatchColumns) => void;
  'sync:heartbeat': (heartbeat: Heartbeat) => void;
  /** The whole traffic state as a binary frame (shared/traffic/wire.ts), sent on every `sync:hello`. */
  'traffic:snapshot': (frame: TrafficFrameBytes) => void;
  /**
   * A newer traffic frame, every few seconds. Frames are complete, so a missed one costs nothing; their
   * `version` (in the header) orders them and a client drops one older than what it shows.
   */
  'traffic:update': (frame: TrafficFrameBytes) => void;
  /**
   * Alerts not closed, sent on every `sync:hello`; `alert:changes` messages continue from its seq. On
   * the socket an alert carries only its newest event ids (`onScreen`); `count` says how many in all.
   */
  'alerts:snapshot': (snapshot: AlertsSnapshot) => void;
  /**
   * Alerts changed (raised, escalated, acknowledged, assigned, resolved, closed: what one engine pass
   * changed, as one message), and every 10 s the newest bare update (new evidence, a count) of each
   * alert that had one. Apply by `alert.version`: a newer alert replaces an older one.
   */
  'alert:changes': (changes: AlertChange[]) => void;
  /** Risk per micro-grid, every few seconds. */
  'risk:update': (update: RiskUpdate) => void;
  /** Response plans of live alerts, sent on every `sync:hello`; `plan:changes` messages follow. */
  'plans:snapshot': (snapshot: { at: number; plans: PlanInstance[] }) => void;
  /** Response plans opened (red or orange alert), widened (escalation) or ticked, in order, one message per pass. */
  'plan:changes': (plans: PlanInstance[]) => void;
  /**
   * For a client that asked `compact`, instead of the four above: the same messages with their alerts,
   * changes and plans as columns (shared/record-columns.ts, `unpackRecords` gives the list back).
   */
  'alerts:snapshot-columns': (
    snapshot: Omit<AlertsSnapshot, 'alerts'> & { alerts: RecordColumns<Alert> },
  ) => void;
  'alert:changes-columns': (changes: RecordColumns<AlertChange>) => void;
  'plans:snapshot-columns': (snapshot: { at: number; plans: RecordColumns<PlanInstance> }) => void;
  'plan:changes-columns': (plans: RecordColumns<PlanInstance>) => void;
}

/**
 * Most of an alert's event ids a screen gets (its newest): the full list is GET /api/alerts/{id}. No
 * page shows them (the ticker and lists show the count), and each is a string no other field shares:
 * 10 of them were close to half of an alert update's bytes as columns (a message of 40 updates); in
 * the fan-out benchmark's storm, 3 instead of 10 cut the alert bytes per screen by 12 %.
 */
export const SCREEN_EVENT_IDS = 3;

/**
 * An alert as screens get it: its newest SCREEN_EVENT_IDS event ids instead of up to 200. In an alert
 * storm tens of thousands of live alerts each carried 200 ids to every screen, on every sync:hello and
 * on every change, and the screens fell behind until they timed out.
 */
export function onScreen(alert: Alert): Alert {
  return alert.eventIds.length <= SCREEN_EVENT_IDS
    ? alert
    : { ...alert, eventIds: alert.eventIds.slice(-SCREEN_EVENT_IDS) };
}

/** The alerts a client starts from. `seq` is the alert log's own sequence (not the event seq). */
export interface AlertsSnapshot {
  seq: number;
  at: number;
  alerts: Alert[];
}

/**
 * Risk scores per micro-grid, in the order of the micro level of /api/grids/topology, rounded to
 * 0.01. `count` lets a client check that its grid list matches before it maps scores by index.
 */
export interface RiskUpdate {
  at: number;
  count: number;
  max: number;
  scores: number[];
}

/** The payload of `alert:ack`, `alert:assign` (with an assignee) and `alert:resolve`. */
export interface AlertCommandRequest {
  id: string;
  note?: string;
  assignee?: string;
}

/** Alert lifecycle commands, acknowledged with the alert's new state. */
export type AlertCommandEvents = {
  [C in 'ack' | 'assign' | 'resolve' as `alert:${C}`]: (
    request: AlertCommandRequest,
    ack: (result: Ack<Alert>) => void,
  ) => void;
};

/** A binary frame as sent (Uint8Array) or received (ArrayBuffer in browsers, Buffer in Node). */
export type TrafficFrameBytes = ArrayBuffer | Uint8Array;

/** The payload of every workflow command (`event:accept`, `event:dispatch`…). */
export interface EventActionRequest {
  id: string;
  note?: string;
  assignee?: string;
}

/** One command per workflow action, named `event:<action>`, acknowledged with the new state. */
export type EventCommandEvents = {
  [A in WorkflowAction as `event:${A}`]: (
    request: EventActionRequest,
    ack: (result: Ack<GridEvent>) => void,
  ) => void;
};

export interface ClientToServerEvents extends EventCommandEvents, AlertCommandEvents {
  /** Start or resume the live stream; the answer is a snapshot or the replayed batches. */
  'sync:hello': (request: SyncRequest, ack: (result: SyncResult) => void) => void;
}
