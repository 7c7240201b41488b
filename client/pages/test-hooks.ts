import type { LiveStore } from '../state/live-store';

export interface CityBrainHooks {
  frames: number;
  /** True once a frame was drawn with every base-map source loaded. */
  mapReady: boolean;
  liveCount: () => number;
  openCount: () => number;
  /** The wall's auto-tour (client/wall/use-tour.ts), when it runs. */
  tour?: {
    /** `city`, a district id, or `interruption`. */
    stop: string;
    name: string | null;
    interrupt: (bbox: [number, number, number, number], holdMs: number, label?: string) => void;
  };
}

declare global {
  interface Window {
    __cityBrain?: CityBrainHooks;
  }
}

/**
 * Exposes a few live figures on window so browser tests and the soak benchmark can wait on real
 * state (frames drawn, events received) instead of fixed sleeps. Read-only; costs nothing.
 */
export function exposeTestHooks(store: LiveStore): { onFrame: (baseMapReady: boolean) => void } {
  const hooks: CityBrainHooks = {
    frames: 0,
    mapReady: false,
    liveCount: () => store.getSummary().liveCount,
    openCount: () => store.getSummary().openCount,
  };
  window.__cityBrain = hooks;
  return {
    onFrame: (baseMapReady) => {
      hooks.frames++;
      if (baseMapReady) hooks.mapReady = true;
    },
  };
}
