/**
 * Live events for the browser benchmark: a snapshot of open events and batches of new ones, as the
 * server sends them (GridEvent objects with real categories, grid paths and deadlines), plus risk
 * updates for every micro-grid; and the very same points and polygon colours as typed arrays, for the
 * minimal deck.gl page that stands as the baseline.
 */
import { fillOf, POINT_ALPHA, radiusOf, SLA_RING } from '../../client/map/layers/event-style';
import { riskColours as colourScores } from '../../client/map/layers/risk-colours';
import type { CityDataset } from '../../server/geo/city-dataset';
import { CATEGORIES } from '../../shared/domain/categories';
import type { EventStatus } from '../../shared/domain/event-status';
import { slaState } from '../../shared/domain/sla';
import type { LiveBatch, RiskUpdate, Snapshot } from '../../shared/protocol';
import type { GridEvent } from '../../shared/schemas/event';
import { createRandom } from '../../shared/util/random';

const KINDS = CATEGORIES.flatMap((c) =>
  c.subcategories.map((s) => ({
    category: c.id,
    subcategory: s.id,
    severity: s.severity,
    hours: s.limitHours,
  })),
);
const STATUSES: EventStatus[] = ['reported', 'accepted', 'dispatched', 'handling', 'dispatched'];

export interface LiveFixture {
  snapshot: Snapshot;
  batches: LiveBatch[];
  risks: RiskUpdate[];
}

/**
 * `open` events in the snapshot, then `batches` × `batchSize` new ones, all at `now` (server time),
 * spread over the city's micro-grids; one risk update per batch with every micro-grid scored.
 */
export function liveFixture(
  city: CityDataset,
  opts: { open: number; batches: number; batchSize: number; now: number; seed?: number },
): LiveFixture {
  const rnd = createRandom(opts.seed ?? 20200928);
  const micro = city.byLevel.micro;
  const paths = micro.map((g) => city.pathOf(g.id));
  const anchors = micro.map((g) => city.anchorOf(g.id)!);
  const event = (i: number): GridEvent => {
    const k = rnd.int(0, micro.length - 1);
    const kind = KINDS[rnd.int(0, KINDS.length - 1)]!;
    const status = STATUSES[rnd.int(0, STATUSES.length - 1)]!;
    const occurredAt = opts.now - rnd.int(0, 6 * 3600_000);
    const limit = kind.hours * 3600_000;
    // Dispatched a while ago: some on time, some near their deadline, some overdue.
    const dispatchedAt =
      status === 'dispatched' || status === 'handling'
        ? opts.now - Math.floor(rnd.next() * 1.3 * limit)
        : null;
    const [lon, lat] = anchors[k]!;
    return {
      id: `bench-${i}`,
      source: 'sensor',
      category: kind.category,
      subcategory: kind.subcategory,
      severity: kind.severity,
      lon: lon + (rnd.next() - 0.5) * 0.002,
      lat: lat + (rnd.next() - 0.5) * 0.002,
      grid: paths[k]!,
      description: `bench event ${i}`,
      keyPerson: false,
      keyAreaId: null,
      reporter: null,
      status,
      version: 1,
      assignee: null,
      occurredAt,
      receivedAt: occurredAt,
      updatedAt: occurredAt,
      dispatchedAt,
      dueAt: dispatchedAt === null ? null : dispatchedAt + limit,
      closedAt: null,
    };
  };
  const open = Array.from({ length: opts.open }, (_, i) => event(i));
  const seq0 = 1_000_000;
  const batches = Array.from({ length: opts.batches }, (_, b): LiveBatch => {
    const fromSeq = seq0 + 1 + b * opts.batchSize;
    return {
      fromSeq,
      seq: fromSeq + opts.batchSize - 1,
      at: opts.now,
      events: Array.from({ length: opts.batchSize }, (_, i) => event(opts.open + b * opts.batchSize + i)),
    };
  });
  // A score per micro-grid that moves from batch to batch, so every update recolours the polygons.
  const risks = Array.from({ length: opts.batches }, (_, b): RiskUpdate => {
    const scores = micro.map(() => (rnd.next() < 0.3 ? 0 : Math.round(rnd.next() * 100)));
    // Far in the future: the server's own (empty) risk updates, older, never replace these.
    return { at: opts.now + 365 * 86_400_000 + b, count: micro.length, max: 100, scores };
  });
  return { snapshot: { seq: seq0, at: opts.now, events: open, counts: {} }, batches, risks };
}

/** Points as the baseline takes them: one typed array per attribute, as deck.gl's binary data. */
export interface PointArrays {
  positions: Float32Array;
  fill: Uint8Array;
  line: Uint8Array;
  radius: Float32Array;
  lineWidth: Float32Array;
}

/** The same points, the same colours, radii and rings as the wall draws them, as typed arrays. */
export function pointArrays(events: readonly GridEvent[], now: number): PointArrays {
  const n = events.length;
  const a: PointArrays = {
    positions: new Float32Array(2 * n),
    fill: new Uint8Array(4 * n),
    line: new Uint8Array(4 * n),
    radius: new Float32Array(n),
    lineWidth: new Float32Array(n),
  };
  events.forEach((e, i) => {
    a.positions[2 * i] = e.lon;
    a.positions[2 * i + 1] = e.lat;
    a.fill.set([...fillOf(e), POINT_ALPHA], 4 * i);
    const ring = SLA_RING[slaState(e, now)];
    a.line.set(ring.color, 4 * i);
    a.radius[i] = radiusOf(e);
    a.lineWidth[i] = ring.width;
  });
  return a;
}

/** The risk choropleth's colours as the wall computes them, for the baseline's polygons. */
export function riskColours(risk: RiskUpdate): Uint8Array {
  return colourScores(risk.scores, risk.max);
}

/** Concatenates typed arrays into one buffer, each part aligned to 4 bytes; returns the offsets. */
export function packArrays(parts: (Float32Array | Uint8Array)[]): { buffer: Buffer; offsets: number[] } {
  const offsets: number[] = [];
  let size = 0;
  for (const p of parts) {
    offsets.push(size);
    size += Math.ceil(p.byteLength / 4) * 4;
  }
  const buffer = Buffer.alloc(size);
  parts.forEach((p, i) => {
    buffer.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), offsets[i]!);
  });
  return { buffer, offsets };
}
