import { type EventInput, EventInputSchema } from '../../shared/schemas/event';
import { problemsOf } from '../routes/problem';
import type { IngestError } from './pipeline';

/** Why an MQTT message was dropped; each reason is counted and logged once. */
export type MqttRejectReason =
  | 'not-utf8'
  | 'not-json'
  | 'empty'
  | 'too-many'
  | 'schema'
  | 'taxonomy'
  | 'place'
  | 'batch'
  | 'traffic';

/** A decoded message: events ready for the pipeline, or why the message is dropped. */
export type DecodedMessage =
  | { ok: true; inputs: EventInput[] }
  | { ok: false; reason: MqttRejectReason; detail: string };

/** Most events one message may carry; the same bound as one HTTP batch. */
export const MAX_EVENTS_PER_MESSAGE = 1000;

const checkInput = problemsOf(EventInputSchema);
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** True for topics with a `sensors` level, e.g. `longgang/sensors/water-level/WL-017`. */
export function isSensorTopic(topic: string): boolean {
  return topic.split('/').includes('sensors');
}

/**
 * Decodes one MQTT message: UTF-8 JSON holding one event or an array of events (EventInputSchema).
 *
 * Sensor topics carry events that a sensor gateway raised (a water level over its threshold, a smoke
 * alarm), not raw readings: turning readings into events needs thresholds and hysteresis per sensor,
 * which belong in the gateway, and the event pipeline has no time series to keep them in. So a sensor
 * message is the same event shape, and only `source` is optional there: it defaults to `sensor`.
 * A message is all or nothing, like an HTTP batch: one bad event drops the whole message.
 */
export function decodeMqttMessage(topic: string, payload: Uint8Array | string): DecodedMessage {
  let text: string;
  try {
    text = typeof payload === 'string' ? payload : utf8.decode(payload);
  } catch {
    return { ok: false, reason: 'not-utf8', detail: `${payload.length} bytes that are not UTF-8 text` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: 'not-json', detail: (err as Error).message };
  }
  const items: unknown[] = Array.isArray(value) ? value : [value];
  if (items.length === 0) return { ok: false, reason: 'empty', detail: 'an empty array' };
  if (items.length > MAX_EVENTS_PER_MESSAGE) {
    const detail = `${items.length} events; at most ${MAX_EVENTS_PER_MESSAGE} per message`;
    return { ok: false, reason: 'too-many', detail };
  }
  const sensor = isSensorTopic(topic);
  const inputs = items.map((item) =>
    sensor && isObject(item) && item.source === undefined ? { ...item, source: 'sensor' } : item,
  );
  for (const [index, item] of inputs.entries()) {
    const [first] = checkInput(item);
    if (first)
      return { ok: false, reason: 'schema', detail: `item ${index} ${first.field}: ${first.message}` };
  }
  return { ok: true, inputs: inputs as EventInput[] };
}

/** The reason for a message the pipeline refused: an unknown subcategory, no usable place, or a bad batch. */
export function reasonOfIngestError(err: IngestError): MqttRejectReason {
  const field = err.problems[0]?.field;
  if (field === 'subcategory') return 'taxonomy';
  if (field === 'lon' || field === 'gridId') return 'place';
  return 'batch';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
