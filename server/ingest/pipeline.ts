import { randomUUID } from 'node:crypto';
import { subcategoryOf } from '../../shared/domain/categories';
import type { GridPath } from '../../shared/domain/grid';
import type { EventInput, GridEvent } from '../../shared/schemas/event';
import type { LiveHub } from '../realtime/live-hub';
import type { Store } from '../store/store';

/** What the pipeline needs of the city's geography. */
export interface Geography {
  locate(lon: number, lat: number): GridPath | null;
  anchorOf(gridId: string): [number, number] | null;
}

/** What the pipeline reports as it works (metrics); every method optional to call, cheap to ignore. */
export interface IngestObserver {
  committed(events: readonly GridEvent[], seconds: number): void;
  rejected(reason: string, count: number): void;
}

export interface IngestResult {
  accepted: string[];
  duplicates: string[];
}

/** An input that passed the schema but breaks a rule the schema cannot express. */
export class IngestError extends Error {
  constructor(readonly problems: { index: number; field: string; message: string }[]) {
    super(problems.map((p) => `item ${p.index} ${p.field}: ${p.message}`).join('; '));
  }
}

/**
 * The one pipeline every source feeds: (schema-validated) inputs → checked against the taxonomy →
 * located in the grid → committed → broadcast. Nothing is acknowledged before it is committed.
 */
export class IngestPipeline {
  constructor(
    private readonly store: Store,
    private readonly hub: LiveHub,
    private readonly geography: Geography,
    private readonly now: () => number,
    private readonly observer?: IngestObserver,
  ) {}

  /** The report's position, or why it has none: a position wins; a grid id gives the grid's anchor. */
  private placeOf(input: EventInput): [number, number] | string {
    if (input.lon !== undefined && input.lat !== undefined) return [input.lon, input.lat];
    if (input.lon !== undefined || input.lat !== undefined) return 'lon and lat must come together';
    if (input.gridId === undefined) return 'a position (lon, lat) or a gridId is required';
    return this.geography.anchorOf(input.gridId) ?? `unknown grid "${input.gridId}"`;
  }

  /** Ingests a batch atomically; rejects the whole batch with every problem named when any item is bad. */
  async ingest(inputs: readonly EventInput[]): Promise<IngestResult> {
    const receivedAt = this.now();
    const problems: IngestError['problems'] = [];
    const events: GridEvent[] = [];
    inputs.forEach((input, index) => {
      const sub = subcategoryOf(input.category, input.subcategory);
      if (!sub) {
        problems.push({
          index,
          field: 'subcategory',
          message: `unknown subcategory "${input.subcategory}" of ${input.category}`,
        });
        return;
      }
      const place = this.placeOf(input);
      if (typeof place === 'string') {
        problems.push({ index, field: input.gridId === undefined ? 'lon' : 'gridId', message: place });
        return;
      }
      events.push({
        id: input.id ?? randomUUID(),
        source: input.source,
        category: input.category,
        subcategory: input.subcategory,
        severity: input.severity ?? sub.severity,
        lon: place[0],
        lat: place[1],
        grid: this.geography.locate(place[0], place[1]),
        description: input.description,
        keyPerson: input.keyPerson ?? false,
        keyAreaId: input.keyAreaId ?? null,
        reporter: input.reporter ?? null,
        status: 'reported',
        version: 1,
        assignee: null,
        occurredAt: input.occurredAt ?? receivedAt,
        receivedAt,
        updatedAt: receivedAt,
        dispatchedAt: null,
        dueAt: null,
        closedAt: null,
      });
    });
    if (problems.length > 0) {
      this.observer?.rejected('taxonomy-or-place', inputs.length);
      throw new IngestError(problems);
    }
    const ids = new Set<string>();
    events.forEach((e, index) => {
      if (ids.has(e.id))
        problems.push({ index, field: 'id', message: `id "${e.id}" appears twice in this batch` });
      ids.add(e.id);
    });
    if (problems.length > 0) {
      this.observer?.rejected('duplicate-in-batch', inputs.length);
      throw new IngestError(problems);
    }
    const started = performance.now();
    const { changes, duplicates } = await this.store.insertEvents(events);
    this.observer?.committed(
      changes.map((c) => c.event),
      (performance.now() - started) / 1000,
    );
    this.hub.publish(changes);
    return { accepted: events.map((e) => e.id), duplicates };
  }
}
