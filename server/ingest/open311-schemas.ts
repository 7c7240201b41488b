import Type, { type TSchema } from 'typebox';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** The spec's error body: a list of `{code, description}`, code being the HTTP status. */
export const Open311ErrorsSchema = Type.Array(
  Type.Object({ code: Type.Integer(), description: Type.String() }),
  { description: 'GeoReport v2 errors' },
);

/** GET services.json: one entry per subcategory of the taxonomy. */
export const Open311ServicesSchema = Type.Array(
  Type.Object({
    service_code: Type.String({ description: '`category.subcategory`' }),
    service_name: Type.String(),
    description: Type.String(),
    metadata: Type.Boolean({ description: 'Always false: no extra attributes are asked for' }),
    type: Type.Literal('realtime'),
    keywords: Type.String(),
    group: Type.String({ description: 'The category' }),
  }),
);

/**
 * POST requests.json, form-encoded or JSON. Spec fields not listed (api_key, jurisdiction_id, email,
 * device_id, account_id, address_id, attribute[…], media_url) are accepted and ignored.
 */
export const Open311PostSchema = Type.Object(
  {
    service_code: Type.String({ minLength: 1, maxLength: 130 }),
    lat: Type.Optional(Type.Union([Type.Number(), Type.String()], { description: 'WGS-84 latitude' })),
    long: Type.Optional(Type.Union([Type.Number(), Type.String()], { description: 'WGS-84 longitude' })),
    address_string: Type.Optional(Type.String({ maxLength: 500 })),
    description: Type.Optional(Type.String({ maxLength: 1900 })),
    first_name: Type.Optional(Type.String({ maxLength: 30 })),
    last_name: Type.Optional(Type.String({ maxLength: 30 })),
    phone: Type.Optional(Type.String({ maxLength: 32 })),
    media_url: Type.Optional(Type.String({ description: 'Ignored: no media store' })),
  },
  { additionalProperties: true },
);

/** The answer to a POST: the new request's id, its notice, and no account. */
export const Open311PostResultSchema = Type.Array(
  Type.Object({
    service_request_id: Type.String(),
    service_notice: Nullable(Type.String()),
    account_id: Type.Null(),
  }),
);

/** GET requests.json filters. */
export const Open311QuerySchema = Type.Object(
  {
    service_request_id: Type.Optional(
      Type.String({ description: 'Comma-separated ids; when given, every other filter is ignored' }),
    ),
    service_code: Type.Optional(Type.String({ description: 'Comma-separated service codes' })),
    start_date: Type.Optional(
      Type.String({ description: 'W3C datetime with zone; default: 90 days before end_date or now' }),
    ),
    end_date: Type.Optional(Type.String({ description: 'W3C datetime with zone' })),
    status: Type.Optional(Type.String({ description: 'open, closed, or both comma-separated' })),
    jurisdiction_id: Type.Optional(Type.String({ description: 'Ignored: one city per server' })),
  },
  { additionalProperties: true },
);

/** One service request as the spec shows it. */
export const Open311RequestSchema = Type.Object({
  service_request_id: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  status_notes: Nullable(Type.String({ description: 'The note of the last lifecycle step' })),
  service_name: Type.String(),
  service_code: Type.String(),
  description: Type.String(),
  agency_responsible: Nullable(Type.String({ description: 'The grid team it was dispatched to' })),
  service_notice: Nullable(Type.String()),
  requested_datetime: Type.String({ description: 'ISO 8601, city time (+08:00)' }),
  updated_datetime: Type.String(),
  expected_datetime: Nullable(Type.String({ description: 'The handling deadline once dispatched' })),
  address: Nullable(Type.String()),
  address_id: Nullable(Type.String({ description: 'The micro-grid id' })),
  zipcode: Nullable(Type.String()),
  lat: Type.Number(),
  long: Type.Number(),
  media_url: Nullable(Type.String()),
});

export const Open311RequestsSchema = Type.Array(Open311RequestSchema);
