import type { TrafficObservation } from '../../shared/schemas/traffic';
import type { RoadClass } from '../../shared/traffic/speed-bands';
import { createRandom } from '../../shared/util/random';
import type { Clock } from '../clock';
import type { AccidentTracker } from './accident-tracker';
import {
  demandAt,
  type LotProfile,
  localTime,
  parkingShare,
  type SimSegment,
  schoolDemandAt,
  simulatedSpeed,
} from './traffic-profile';

export interface SimNetwork {
  roads: readonly { id: string; roadClass: RoadClass; freeFlowKmh: number; path: [number, number][] }[];
  parking: readonly { id: string; capacity: number; kind: string; lon: number; lat: number }[];
  keyAreas: readonly { type: string; lon: number; lat: number }[];
}

export interface TrafficSimulatorOptions {
  clock: Clock;
  seed: number;
  network: SimNetwork;
  /** The city's UTC offset (minutes east), for rush hours in local time. */
  offsetMinutes: number;
  rain: boolean;
  /** Open accidents from the live pipeline; without one, roads never see accidents. */
  accidents?: AccidentTracker;
  /** Where readings go: the same entry point as HTTP and MQTT readings. */
  ingest: (observations: TrafficObservation[]) => void;
  /** Whether readings are wanted now (several servers: the rules leader's only); a tick is skipped whole otherwise. */
  active?: () => boolean;
  /** Real milliseconds between readings (default 2000). */
  tickMs?: number;
  onError?: (err: unknown) => void;
}

const SCHOOL_RADIUS_M = 500;
const MARKET_RADIUS_M = 800;

/**
 * The embedded traffic source: every tick, one speed per segment and one occupancy per lot at the
 * clock's time, fed through the same ingest as any other feed. Deterministic from its seed and the
 * time (noise is a hash of seed, segment and minute), so history can be backfilled with the values
 * the live run would have produced, less accidents, which only exist live.
 */
export class TrafficSimulator {
  private readonly segments: SimSegment[];
  private readonly lotProfiles: LotProfile[];
  private readonly salt: number;
  private timer: ReturnType<typeof setInterval> | null = null;
  rain: boolean;

  constructor(private readonly options: TrafficSimulatorOptions) {
    const random = createRandom(options.seed);
    this.salt = random.int(1, 2 ** 31 - 1);
    const { roads, parking, keyAreas } = options.network;
    const schools = keyAreas.filter((a) => a.type === 'school');
    const markets = keyAreas.filter((a) => a.type === 'market');
    this.segments = roads.map((r) => ({
      roadClass: r.roadClass,
      freeFlowKmh: r.freeFlowKmh,
      busyness: 0.7 + random.next() * 0.6,
      nearSchool: r.path.some(([lon, lat]) =>
        schools.some((s) => metres(lon, lat, s.lon, s.lat) < SCHOOL_RADIUS_M),
      ),
    }));
    this.lotProfiles = parking.map((p) => lotProfile(p, markets));
    this.rain = options.rain;
  }

  start(): void {
    this.timer ??= setInterval(() => {
      try {
        this.tick();
      } catch (err) {
        this.options.onError?.(err);
      }
    }, this.options.tickMs ?? 2000);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Produces and ingests the readings of now; returns how many (0 when not active). */
  tick(): number {
    if (this.options.active && !this.options.active()) return 0;
    const now = this.options.clock.now();
    const { speeds, occupied } = this.valuesAt(now, this.options.accidents?.factors(now));
    const { roads, parking } = this.options.network;
    const observations: TrafficObservation[] = [
      ...roads.map((r, i) => ({ segmentId: r.id, speedKmh: round1(speeds[i]!), observedAt: now })),
      ...parking.map((p, j) => ({ lotId: p.id, occupied: occupied[j]!, observedAt: now })),
    ];
    this.options.ingest(observations);
    return observations.length;
  }

  /** Speeds and occupied spaces the simulated city has at `at`, with `accidentFactors` if given. */
  valuesAt(
    at: number,
    accidentFactors?: ArrayLike<number>,
  ): { speeds: Float64Array; occupied: Float64Array } {
    const time = localTime(at, this.options.offsetMinutes);
    const minute = Math.floor(at / 60_000);
    // ±25% demand per local day, and a slower drift within it, so a day differs from the week before.
    const day = Math.floor((at + this.options.offsetMinutes * 60_000) / 86_400_000);
    const dayFactor =
      1 + 0.25 * noise(this.salt + 2, 0, day) + 0.08 * noise(this.salt + 3, 0, Math.floor(minute / 120));
    const demand = { base: demandAt(time), school: schoolDemandAt(time) };
    const speeds = new Float64Array(this.segments.length);
    this.segments.forEach((s, i) => {
      const n = noise(this.salt, i, minute) * 0.08;
      speeds[i] = simulatedSpeed(s, demand, this.rain, accidentFactors?.[i] ?? 1, n, dayFactor);
    });
    const occupied = new Float64Array(this.lotProfiles.length);
    this.options.network.parking.forEach((p, j) => {
      const share =
        parkingShare(this.lotProfiles[j]!, time, this.rain) + noise(this.salt + 1, j, minute) * 0.04;
      occupied[j] = Math.round(p.capacity * Math.min(1, Math.max(0, share)));
    });
    return { speeds, occupied };
  }
}

/** Which daily rhythm a lot follows: its kind, except that public lots near a market fill like markets. */
function lotProfile(
  lot: { kind: string; lon: number; lat: number },
  markets: readonly { lon: number; lat: number }[],
): LotProfile {
  if (
    lot.kind === 'hospital' ||
    lot.kind === 'residential' ||
    lot.kind === 'station' ||
    lot.kind === 'street'
  )
    return lot.kind;
  return markets.some((m) => metres(lot.lon, lot.lat, m.lon, m.lat) < MARKET_RADIUS_M) ? 'market' : 'office';
}

/** A deterministic value in (−1, 1), triangular around 0, from three integers. */
function noise(salt: number, i: number, minute: number): number {
  return unit(salt, i, minute) + unit(salt, i, minute + 0x51ed) - 1;
}

/**
 * A hash of three integers as a float in [0, 1). Top-level on purpose: a closure made per call gets
 * wrapped by tsx's name helper each time, which made this 30× slower.
 */
function unit(salt: number, i: number, k: number): number {
  let h = Math.imul(salt ^ Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(k, 0x85ebca77), 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return (h >>> 0) / 4294967296;
}

function metres(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const kx = 111_320 * Math.cos((lat1 * Math.PI) / 180);
  return Math.hypot((lon2 - lon1) * kx, (lat2 - lat1) * 110_540);
}

const round1 = (v: number) => Math.round(v * 10) / 10;
