import { describe, expect, it } from 'vitest';
import { decodeMqttMessage, isSensorTopic, reasonOfIngestError } from './mqtt-message';
import { IngestError } from './pipeline';

const event = {
  source: 'grid-worker',
  category: 'emergency',
  subcategory: 'waterlogging',
  lon: 120.55,
  lat: 27.58,
  description: '积水',
};
const text = (v: unknown) => Buffer.from(JSON.stringify(v));

describe('decodeMqttMessage', () => {
  it('takes one event or an array of events', () => {
    expect(decodeMqttMessage('longgang/events/a', text(event))).toEqual({ ok: true, inputs: [event] });
    const two = decodeMqttMessage('longgang/events/a', text([event, { ...event, id: 'x' }]));
    expect(two.ok && two.inputs.map((i) => i.id)).toEqual([undefined, 'x']);
  });

  it('gives events on sensor topics the sensor source unless they name one', () => {
    const { source: _, ...noSource } = event;
    const decoded = decodeMqttMessage('longgang/sensors/water-level/WL-1', text([noSource, event]));
    expect(decoded.ok && decoded.inputs.map((i) => i.source)).toEqual(['sensor', 'grid-worker']);
    expect(decodeMqttMessage('longgang/events/a', text(noSource))).toMatchObject({
      ok: false,
      reason: 'schema',
    });
  });

  it('names why a message is dropped', () => {
    const reason = (payload: Buffer | string) => {
      const d = decodeMqttMessage('t', payload);
      return d.ok ? 'ok' : d.reason;
    };
    expect(reason(Buffer.from([0xff, 0xfe, 0x80]))).toBe('not-utf8');
    expect(reason('{"half')).toBe('not-json');
    expect(reason('[]')).toBe('empty');
    expect(reason(JSON.stringify(Array.from({ length: 1001 }, () => event)))).toBe('too-many');
    expect(reason(JSON.stringify({ ...event, lat: 200 }))).toBe('schema');
    expect(reason(JSON.stringify([event, { ...event, colour: 'red' }]))).toBe('schema');
    expect(decodeMqttMessage('t', JSON.stringify({ ...event, lat: 200 }))).toMatchObject({
      detail: 'item 0 /lat: must be <= 90',
    });
  });
});

describe('isSensorTopic and reasonOfIngestError', () => {
  it('spots a sensors level anywhere in the topic, and no partial match', () => {
    expect(isSensorTopic('longgang/sensors/x')).toBe(true);
    expect(isSensorTopic('city/a/sensors')).toBe(true);
    expect(isSensorTopic('longgang/events/sensors-like')).toBe(false);
  });

  it('maps the pipeline’s problems to reasons', () => {
    const err = (field: string) => new IngestError([{ index: 0, field, message: 'x' }]);
    expect(reasonOfIngestError(err('subcategory'))).toBe('taxonomy');
    expect(reasonOfIngestError(err('lon'))).toBe('place');
    expect(reasonOfIngestError(err('gridId'))).toBe('place');
    expect(reasonOfIngestError(err('id'))).toBe('batch');
  });
});
