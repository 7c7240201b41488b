import Type, { type Static } from 'typebox';
import { CATEGORIES, SEVERITIES } from '../domain/categories';
import { EVENT_STATUSES } from '../domain/event-status';

/** Where a report came from. */
export const EVENT_SOURCES = [
  'grid-worker',
  'hotline-12345',
  'sensor',
  'camera',
  'open311',
  'simulator',
] as const;

const EventId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]*$' });
const Lon = Type.Number({ minimum: -180, maximum: 180 });
const Lat = Type.Number({ minimum: -90, maximum: 90 });

/** The grid path an event was located in: micro → full-service → community → district. */
export const GridPathSchema = Type.Object(
  { micro: Type.String(), full: Type.String(), community: Type.String(), district: Type.String() },
  { additionalProperties: false },
);

/** Who reported an event: personal data, masked for roles that do not need it. */
export const ReporterSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 64 })),
    phone: Type.Optional(Type.String({ maxLength: 32, pattern: '^[0-9+*() -]*$' })),
  },
  { additionalProperties: false },
);
export type Reporter = Static<typeof ReporterSchema>;

/**
 * An event as a source reports it. Its place is a position (lon, lat in WGS-84) or, for reports that
 * only know their grid, a grid id; one of the two is required. Unknown properties are rejected.
 */
export const EventInputSchema = Type.Object(
  {
    id: Type.Optional(EventId),
    source: Type.Enum(EVENT_SOURCES),
    category: Type.Enum(CATEGORIES.map((c) => c.id)),
    subcategory: Type.String({ minLength: 1, maxLength: 64 }),
    severity: Type.Optional(Type.Enum(SEVERITIES)),
    lon: Type.Optional(Lon),
    lat: Type.Optional(Lat),
    gridId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    description: Type.String({ maxLength: 2000 }),
    occurredAt: Type.Optional(Type.Number({ minimum: 0 })),
    keyPerson: Type.Optional(Type.Boolean()),
    keyAreaId: Type.Optional(Type.String({ maxLength: 64 })),
    reporter: Type.Optional(ReporterSchema),
  },
  { additionalProperties: false },
);
export type EventInput = Static<typeof EventInputSchema>;

/** An event as stored and sent to screens. Times are epoch milliseconds. */
export const GridEventSchema = Type.Object(
  {
    id: EventId,
    source: Type.Enum(EVENT_SOURCES),
    category: Type.String(),
    subcategory: Type.String(),
    severity: Type.Enum(SEVERITIES),
    lon: Lon,
    lat: Lat,
    grid: Type.Union([GridPathSchema, Type.Null()]),
    description: Type.String(),
    keyPerson: Type.Boolean(),
    keyAreaId: Type.Union([Type.String(), Type.Null()]),
    reporter: Type.Union([ReporterSchema, Type.Null()]),
    status: Type.Enum(EVENT_STATUSES),
    /** Bumped on every change; commands carry no version, the store checks it (optimistic locking). */
    version: Type.Integer({ minimum: 1 }),
    /** The grid team or unit the event was dispatched to. */
    assignee: Type.Union([Type.String(), Type.Null()]),
    occurredAt: Type.Number(),
    receivedAt: Type.Number(),
    updatedAt: Type.Number(),
    dispatchedAt: Type.Union([Type.Number(), Type.Null()]),
    /** Handling deadline: dispatch time plus the subcategory's time limit. */
    dueAt: Type.Union([Type.Number(), Type.Null()]),
    closedAt: Type.Union([Type.Number(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type GridEvent = Static<typeof GridEventSchema>;

/** One step of an event's lifecycle: who did what, when, with what note. */
export const TransitionSchema = Type.Object(
  {
    eventId: EventId,
    action: Type.String(),
    from: Type.Union([Type.Enum(EVENT_STATUSES), Type.Null()]),
    to: Type.Enum(EVENT_STATUSES),
    actor: Type.String(),
    note: Type.String(),
    at: Type.Number(),
  },
  { additionalProperties: false },
);
export type Transition = Static<typeof TransitionSchema>;
