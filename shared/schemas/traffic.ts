import Type, { type Static } from 'typebox';

const ObservedAt = Type.Integer({
  minimum: 0,
  description: 'When it was measured (epoch ms); defaults to the time it is received',
});

/** One speed reading of a road segment, from a probe, a camera or the simulator. */
export const SpeedObservationSchema = Type.Object(
  {
    segmentId: Type.String({ minLength: 1, maxLength: 64 }),
    speedKmh: Type.Number({ minimum: 0, maximum: 250 }),
    observedAt: Type.Optional(ObservedAt),
  },
  { additionalProperties: false },
);
export type SpeedObservation = Static<typeof SpeedObservationSchema>;

/** One occupancy reading of a parking lot. */
export const ParkingObservationSchema = Type.Object(
  {
    lotId: Type.String({ minLength: 1, maxLength: 64 }),
    occupied: Type.Integer({ minimum: 0, maximum: 65534 }),
    observedAt: Type.Optional(ObservedAt),
  },
  { additionalProperties: false },
);
export type ParkingObservation = Static<typeof ParkingObservationSchema>;

/** A speed or a parking reading; which one is told by `segmentId` or `lotId`. */
export const TrafficObservationSchema = Type.Union([SpeedObservationSchema, ParkingObservationSchema]);
export type TrafficObservation = SpeedObservation | ParkingObservation;

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const TpiFigureSchema = Type.Object({
  tpi: Nullable(Type.Number()),
  level: Nullable(Type.Integer({ minimum: 0, maximum: 4 })),
  coverage: Type.Number(),
  meanSpeedKmh: Nullable(Type.Number()),
});
const ParkingFigureSchema = Type.Object({
  capacity: Type.Integer(),
  occupied: Type.Integer(),
  free: Type.Integer(),
  occupancy: Nullable(Type.Number()),
  lotsKnown: Type.Integer(),
  lots: Type.Integer(),
});

/** The JSON form of the traffic state (GET /api/traffic/state), for clients that do not read binary frames. */
export const TrafficStateSchema = Type.Object({
  version: Type.Integer(),
  at: Type.Integer(),
  staleMs: Type.Integer(),
  simulated: Type.Boolean({ description: 'True while the built-in simulator produces the figures' }),
  tpi: Type.Object({ city: TpiFigureSchema, districts: Type.Record(Type.String(), TpiFigureSchema) }),
  parking: Type.Object({
    city: ParkingFigureSchema,
    districts: Type.Record(Type.String(), ParkingFigureSchema),
  }),
  segments: Type.Array(
    Type.Object({
      id: Type.String(),
      speedKmh: Nullable(Type.Number()),
      level: Nullable(Type.Integer({ minimum: 0, maximum: 4 })),
      observedAt: Nullable(Type.Integer()),
    }),
  ),
  lots: Type.Array(
    Type.Object({
      id: Type.String(),
      capacity: Type.Integer(),
      occupied: Nullable(Type.Integer()),
      free: Nullable(Type.Integer()),
      observedAt: Nullable(Type.Integer()),
    }),
  ),
});
export type TrafficState = Static<typeof TrafficStateSchema>;

/** One stored rollup bucket of an area (GET /api/traffic/history). */
export const TrafficRollupSchema = Type.Object({
  /** Bucket start (epoch ms). */
  at: Type.Integer(),
  tpi: Nullable(Type.Number()),
  coverage: Type.Number(),
  parkingOccupancy: Nullable(Type.Number()),
  parkingFree: Nullable(Type.Integer()),
});
export type TrafficRollup = Static<typeof TrafficRollupSchema>;
