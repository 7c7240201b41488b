import type { Socket } from 'socket.io';
import type { PlanInstance } from '../../shared/domain/response-plan';
import { packRecords } from '../../shared/record-columns';
import type { AlertChange } from '../../shared/schemas/alert';
import type { LiveServer } from '../realtime/socket-server';

/**
 * The Socket.IO rooms of the screens: every client that said `sync:hello` and may read is in
 * SCREENS_ROOM (risk updates) and in one of the two below, by how it asked to get alert and plan
 * changes. Changes are encoded once per room, not per socket: as JSON, or as columns
 * (shared/record-columns.ts) for those that asked `compact`, as the wall and the console do. In an
 * alert storm the columns were 0.38× the bytes of the JSON for alert changes and 0.24× for plans.
 */
export const SCREENS_ROOM = 'alerts';
const COLUMNS_ROOM = 'alerts:columns';
const JSON_ROOM = 'alerts:json';

/** Whether a `sync:hello` payload asked for columns (it is validated by the event sync, not here). */
export function asksCompact(hello: unknown): boolean {
  return typeof hello === 'object' && hello !== null && (hello as { compact?: unknown }).compact === true;
}

/** Puts a screen in its rooms; a later hello may change how it gets changes. */
export function joinScreenRooms(socket: Socket, compact: boolean): void {
  void socket.join([SCREENS_ROOM, compact ? COLUMNS_ROOM : JSON_ROOM]);
  void socket.leave(compact ? JSON_ROOM : COLUMNS_ROOM);
}

/** One engine pass's alert changes to every screen. */
export function broadcastAlertChanges(io: LiveServer, changes: AlertChange[]): void {
  io.to(JSON_ROOM).emit('alert:changes', changes);
  io.to(COLUMNS_ROOM).emit('alert:changes-columns', packRecords(changes));
}

/** Plans opened, widened or ticked, to every screen. */
export function broadcastPlanChanges(io: LiveServer, plans: PlanInstance[]): void {
  io.to(JSON_ROOM).emit('plan:changes', plans);
  io.to(COLUMNS_ROOM).emit('plan:changes-columns', packRecords(plans));
}
