import type { TrafficStore } from '../state/traffic-store';
import type { LiveSocket } from './live-socket';
import { loadTrafficNetwork } from './traffic-network';

/**
 * Feeds the page's socket's traffic frames into `store`: a snapshot on every `sync:hello`, updates
 * every few seconds. The network is fetched first and again if a frame says it changed.
 */
export function attachTraffic(socket: LiveSocket, store: TrafficStore): void {
  let fetching = false;
  const fetchNetwork = () => {
    if (fetching) return;
    fetching = true;
    loadTrafficNetwork().then(
      (network) => {
        fetching = false;
        store.setNetwork(network);
      },
      (err: Error) => {
        fetching = false;
        console.warn('traffic network:', err.message);
      },
    );
  };
  const apply = (bytes: ArrayBuffer | Uint8Array) => {
    if (store.applyFrame(bytes) === 'layout-mismatch') fetchNetwork();
  };
  socket.on('traffic:snapshot', apply);
  socket.on('traffic:update', apply);
  fetchNetwork();
}
