import type { TrafficOverlay } from '../map/traffic-overlay';
import type { TrafficStore } from '../state/traffic-store';

export interface TrafficHooks {
  /** Server version of the last applied frame, or null. */
  frameVersion: () => number | null;
  /** Segments with a known speed in the last frame. */
  knownSegments: () => number;
  cityTpi: () => number | null;
  overlay: TrafficOverlay['stats'];
}

declare global {
  interface Window {
    __cityBrainTraffic?: TrafficHooks;
  }
}

/** Read-only traffic figures on window, so browser tests wait on real frames rather than sleeps. */
export function exposeTrafficHooks(store: TrafficStore, overlay: TrafficOverlay): void {
  window.__cityBrainTraffic = {
    frameVersion: () => store.getSummary().frameVersion,
    knownSegments: () => (store.frame ? [...store.frame.speeds].filter((v) => !Number.isNaN(v)).length : 0),
    cityTpi: () => store.getSummary().tpi?.city.tpi ?? null,
    overlay: overlay.stats,
  };
}
