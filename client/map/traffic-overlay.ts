import type { Layer } from '@deck.gl/core';
import type { TrafficStore } from '../state/traffic-store';
import { parkingLayer } from './layers/parking-layer';
import {
  buildTrafficPaths,
  setTrafficColours,
  type TrafficPathData,
  trafficLayer,
} from './layers/traffic-layer';

/**
 * Keeps the traffic layers' binary data across renders: the paths are packed once per network and
 * recoloured once per frame, however often the map asks for layers (zoom, event batches).
 */
export interface TrafficOverlay {
  /** Layers for the store's state; `version` is the store summary's version the caller rendered with. */
  (version: number): Layer[];
  /** How often the paths were packed and recoloured: a speed update must recolour, never repack. */
  stats: { pathBuilds: number; recolours: number };
}

export function createTrafficOverlay(store: TrafficStore): TrafficOverlay {
  const stats = { pathBuilds: 0, recolours: 0 };
  let paths: TrafficPathData | null = null;
  let pathsFor: unknown = null;
  let colouredVersion = -1;
  const overlay = (version: number) => {
    const { network, frame } = store;
    if (!network) return [];
    if (pathsFor !== network) {
      paths = buildTrafficPaths(network.roads);
      stats.pathBuilds++;
      pathsFor = network;
      colouredVersion = -1;
    }
    if (paths && frame && colouredVersion !== version) {
      setTrafficColours(paths, frame.speeds);
      stats.recolours++;
      colouredVersion = version;
    }
    return [
      trafficLayer(paths!, colouredVersion),
      parkingLayer(network.parking, frame?.occupied ?? [], colouredVersion),
    ];
  };
  return Object.assign(overlay, { stats });
}
