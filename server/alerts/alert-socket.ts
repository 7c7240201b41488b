import type { Socket } from 'socket.io';
import Type from 'typebox';
import { Compile } from 'typebox/compile';
import type { Permission } from '../../shared/auth/permissions';
import { type Ack, type AlertCommandRequest, onScreen } from '../../shared/protocol';
import { packRecords } from '../../shared/record-columns';
import type { AlertCommand } from '../../shared/rules/alert-workflow';
import type { Alert, AlertChange } from '../../shared/schemas/alert';
import { coalesce } from '../realtime/coalesce';
import type { LiveServer } from '../realtime/socket-server';
import type { AlertEngine } from './alert-engine';
import type { AlertStore } from './alert-store';
import { SCREEN_STEP_MS, SCREEN_UPDATE_MS, ScreenAlertFeed } from './screen-alert-feed';
import { asksCompact, broadcastAlertChanges, joinScreenRooms, SCREENS_ROOM } from './screen-rooms';

/** Socket command → lifecycle command, and the permission each needs. */
export const ALERT_SOCKET_COMMANDS: Record<string, { command: AlertCommand; permission: Permission }> = {
  'alert:ack': { command: 'acknowledge', permission: 'alerts:act' },
  'alert:assign': { command: 'assign', permission: 'events:supervise' },
  'alert:resolve': { command: 'resolve', permission: 'alerts:act' },
};

const RequestCheck = Compile(
  Type.Object(
    {
      id: Type.String({ minLength: 1, maxLength: 64 }),
      note: Type.Optional(Type.String({ maxLength: 2000 })),
      assignee: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    },
    { additionalProperties: false },
  ),
);

export interface AlertSocketAccess {
  /** Whether the socket may see the live picture. */
  mayRead(socket: Socket): boolean;
  may(socket: Socket, permission: Permission): boolean;
  actorOf(socket: Socket): string;
}

/**
 * Adds alerts to the live socket without touching the event sync: on `sync:hello` (a second listener
 * beside the event stream's; it never answers the ack) the socket joins the screens' rooms and gets
 * `alerts:snapshot` (as columns when it asked `compact`: screen-rooms.ts); the engine's changes go to
 * the screens as `alert:changes` (lifecycle steps once per
 * pass within a budget a second, bare updates every few seconds: ScreenAlertFeed), its risk scores as
 * `risk:update`. Alerts on the socket carry only their newest event ids. The commands `alert:ack`, `alert:assign` and
 * `alert:resolve` are acknowledged with the alert's new state or a specific error.
 */
export function attachAlertSocket(
  io: LiveServer,
  engine: AlertEngine,
  store: AlertStore,
  access: AlertSocketAccess,
  now: () => number,
  /** Told of every alert:changes message the screens get (metrics). */
  onScreenChanges: (changes: readonly AlertChange[]) => void = () => {},
): { stop(): void } {
  io.on('connection', (socket) => {
    socket.on('sync:hello', (hello: unknown) => {
      if (!access.mayRead(socket)) return;
      const compact = asksCompact(hello);
      joinScreenRooms(socket, compact);
      // Read the seq first: a change committed meanwhile is then both in the snapshot and re-sent, never lost.
      const seq = store.currentSeq();
      const alerts = engine.tracked().map(onScreen);
      if (compact) socket.emit('alerts:snapshot-columns', { seq, at: now(), alerts: packRecords(alerts) });
      else socket.emit('alerts:snapshot', { seq, at: now(), alerts });
    });
    for (const [name, { command, permission }] of Object.entries(ALERT_SOCKET_COMMANDS)) {
      socket.on(name as 'alert:ack', async (request: AlertCommandRequest, ack: (r: Ack<Alert>) => void) => {
        const reply = typeof ack === 'function' ? ack : () => {};
        if (!access.may(socket, permission))
          return reply(fail('forbidden', `${name} needs the ${permission} permission`));
        if (!RequestCheck.Check(request)) {
          const first = [...RequestCheck.Errors(request)][0];
          return reply(
            fail(
              'bad_request',
              `${name} ${first?.instancePath || 'payload'}: ${first?.message ?? 'invalid'}`,
            ),
          );
        }
        try {
          reply(
            await engine.act(request.id, command, {
              actor: access.actorOf(socket),
              note: request.note,
              assignee: request.assignee,
            }),
          );
        } catch (err) {
          reply(fail('internal', err instanceof Error ? err.message : 'command failed'));
        }
      });
    }
  });
  const feed = new ScreenAlertFeed((changes) => {
    broadcastAlertChanges(io, changes);
    onScreenChanges(changes);
  });
  engine.broadcast = coalesce((changes) => feed.offer(changes));
  const timers = [
    setInterval(() => feed.flush(), SCREEN_UPDATE_MS),
    setInterval(() => feed.drain(), SCREEN_STEP_MS),
  ];
  for (const t of timers) t.unref();
  engine.broadcastRisk = (update) => io.to(SCREENS_ROOM).emit('risk:update', update);
  return { stop: () => timers.forEach(clearInterval) };
}

function fail(code: string, message: string): Ack<never> {
  return { ok: false, error: { code, message } };
}
