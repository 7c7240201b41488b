import type { RiskUpdate } from '../../shared/protocol';
import type { LiveBatchColumns, SnapshotColumns } from '../../shared/snapshot-columns';
import { MAP_INSTANCE_CLASSES } from '../map/city-map-controller';
import type { LivePoints } from '../map/live-points';
import type { AlertStore } from '../state/alert-store';
import type { ApplyResult, LiveStore } from '../state/live-store';

export interface CityBrainHooks {
  frames: number;
  /**
   * When (performance.now(): ms from navigation) the first frame was drawn, and the first with live
   * points (the points' current version, at least one open event): read by the cold-start benchmark,
   * which would otherwise see them only when its poll next got the page's busy main thread.
   */
  firstFrameAt: number | null;
  firstLiveFrameAt: number | null;
  /** True once a frame was drawn with every base-map source loaded. */
  mapReady: boolean;
  liveCount: () => number;
  openCount: () => number;
  /**
   * The live points' version drawn by the last frame (client/map/live-points.ts), and their version
   * now: a batch is on screen once `drawnPoints >= pointsVersion()` read after applying it.
   */
  drawnPoints: number;
  pointsVersion: () => number;
  /** The ring width of the live point at a slot (SLA_RING: 1 on time, 2.5 near, 3 overdue), as drawn next. */
  pointRingWidth: (slot: number) => number | undefined;
  /** deck.gl's Deck and MapLibre's Map: the wall soak counts their live instances (CDP queryObjects). */
  mapClasses: typeof MAP_INSTANCE_CLASSES;
  /**
   * Feeds the stores exactly as the socket's handlers do (live-socket.ts, alert-feed.ts): the browser
   * benchmark's way to put a known batch through the wall's own path without a server producing it.
   */
  feed: {
    /** As `sync:columns` and `sync:batch-columns` bring them (what a page that asks `compact` gets). */
    snapshotColumns: (columns: SnapshotColumns) => void;
    batchColumns: (columns: LiveBatchColumns) => ApplyResult;
    risk: (update: RiskUpdate) => void;
  };
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
 * Exposes a few live figures on window so browser tests and the benchmarks can wait on real state
 * (frames drawn, events received) instead of fixed sleeps; costs nothing. `feed` writes only this
 * page's own stores, as a message from the server would.
 */
export function exposeTestHooks(
  store: LiveStore,
  extra: { alerts?: AlertStore; points?: LivePoints } = {},
): { onFrame: (baseMapReady: boolean) => void } {
  const { alerts, points } = extra;
  const hooks: CityBrainHooks = {
    frames: 0,
    firstFrameAt: null,
    firstLiveFrameAt: null,
    mapReady: false,
    liveCount: () => store.getSummary().liveCount,
    openCount: () => store.getSummary().openCount,
    drawnPoints: -1,
    pointsVersion: () => points?.version ?? -1,
    pointRingWidth: (slot) => points?.ringWidthAt(slot),
    mapClasses: MAP_INSTANCE_CLASSES,
    feed: {
      snapshotColumns: (columns) => store.applySnapshotColumns(columns),
      batchColumns: (columns) => store.applyBatchColumns(columns),
      risk: (update) => alerts?.applyRisk(update),
    },
  };
  window.__cityBrain = hooks;
  return {
    onFrame: (baseMapReady) => {
      hooks.frames++;
      hooks.firstFrameAt ??= performance.now();
      if (hooks.firstLiveFrameAt === null && points && points.length > 0 && points.upToDate())
        hooks.firstLiveFrameAt = performance.now();
      if (baseMapReady) hooks.mapReady = true;
      if (points) hooks.drawnPoints = points.handedOut;
    },
  };
}
