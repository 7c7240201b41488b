import type { Socket } from 'socket.io';
import type { LiveServer } from '../realtime/socket-server';
import type { TrafficPool } from './traffic-pool';

/** The Socket.IO room of clients that get traffic frames: every client that said `sync:hello`. */
export const TRAFFIC_ROOM = 'traffic';

/**
 * Adds traffic to the live socket without touching the event sync: on `sync:hello` (a second listener
 * beside the event stream's; it never answers the ack) the socket joins the traffic room and gets the
 * current frame as `traffic:snapshot`; the pool's frames go to the room as `traffic:update`.
 */
export function attachTrafficSocket(
  io: LiveServer,
  pool: TrafficPool,
  /** Whether the socket may see the live picture (the same rule `sync:hello` itself applies). */
  mayRead: (socket: Socket) => boolean = () => true,
): void {
  io.on('connection', (socket) => {
    socket.on('sync:hello', () => {
      if (!mayRead(socket)) return;
      void socket.join(TRAFFIC_ROOM);
      socket.emit('traffic:snapshot', pool.frameBytes());
    });
  });
  // This instance's sockets only: with several instances each sends its own pool (kept equal by
  // sharing readings), so a screen never gets two pools' frames with unrelated versions.
  pool.broadcast = (frame) => io.local.to(TRAFFIC_ROOM).emit('traffic:update', frame);
}
