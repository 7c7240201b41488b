import { type ParkingSummary, summariseParking } from '../../shared/traffic/parking';
import { computeTpi, type TpiResult } from '../../shared/traffic/tpi';
import { type DecodedTrafficFrame, decodeTrafficFrame } from '../../shared/traffic/wire';
import type { TrafficNetwork } from '../net/traffic-network';

/** What React reads: a new object on every applied frame. */
export interface TrafficSummary {
  /** Bumped on every applied frame or network; layers use it as their update trigger. */
  version: number;
  /** The last frame's server version and time, or null before the first. */
  frameVersion: number | null;
  at: number | null;
  /** Our clock when the last frame arrived: the traffic feed's freshness. */
  receivedAt: number | null;
  tpi: TpiResult | null;
  parking: ParkingSummary | null;
}

export type FrameResult = 'applied' | 'stale' | 'waiting' | 'layout-mismatch';

/**
 * Live traffic outside React: the network (fetched once) and the latest binary frame. Frames are
 * complete, so applying is "replace if newer"; a frame for another network (the server's dataset
 * changed) is refused and the page must refetch the network. TPI and parking totals are recomputed
 * here with the same shared code the server uses, from the frame's whole-km/h speeds.
 */
export class TrafficStore {
  network: TrafficNetwork | null = null;
  frame: DecodedTrafficFrame | null = null;
  private pending: DecodedTrafficFrame | null = null;
  private summary: TrafficSummary = {
    version: 0,
    frameVersion: null,
    at: null,
    receivedAt: null,
    tpi: null,
    parking: null,
  };
  private readonly listeners = new Set<() => void>();

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSummary = (): TrafficSummary => this.summary;

  setNetwork(network: TrafficNetwork): void {
    this.network = network;
    const waiting = this.pending;
    this.pending = null;
    if (waiting) this.applyDecoded(waiting);
    else this.publish();
  }

  /** Applies a frame as Socket.IO delivered it. */
  applyFrame(bytes: ArrayBuffer | ArrayBufferView): FrameResult {
    return this.applyDecoded(decodeTrafficFrame(bytes));
  }

  private applyDecoded(frame: DecodedTrafficFrame): FrameResult {
    if (!this.network) {
      // The snapshot can beat the network fetch; keep the newest and apply it when the network lands.
      if (!this.pending || frame.version >= this.pending.version) this.pending = frame;
      return 'waiting';
    }
    if (frame.layout !== this.network.layout) return 'layout-mismatch';
    if (this.frame && frame.version < this.frame.version) return 'stale';
    this.frame = frame;
    this.publish();
    return 'applied';
  }

  private publish(): void {
    const { network, frame } = this;
    this.summary = {
      version: this.summary.version + 1,
      frameVersion: frame?.version ?? null,
      at: frame?.at ?? null,
      receivedAt: frame ? Date.now() : null,
      tpi: network && frame ? computeTpi(network.roads, frame.speeds) : null,
      parking: network && frame ? summariseParking(network.parking, frame.occupied) : null,
    };
    for (const l of this.listeners) l();
  }
}
