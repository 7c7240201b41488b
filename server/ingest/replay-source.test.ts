import { describe, expect, it } from 'vitest';
import { parseReplayLine } from './replay-source';

const event = {
  id: 'r-1',
  source: 'sensor',
  category: 'emergency',
  subcategory: 'waterlogging',
  lon: 120.55,
  lat: 27.58,
  description: '积水',
  occurredAt: 1000,
};

describe('parseReplayLine', () => {
  it('accepts an event with occurredAt and counts its bytes (newline included)', () => {
    const text = JSON.stringify(event);
    expect(parseReplayLine(text, 7)).toEqual({
      line: 7,
      bytes: Buffer.byteLength(text) + 1,
      ok: true,
      input: event,
    });
  });

  it('says what is wrong with a line', () => {
    const message = (text: string) => {
      const r = parseReplayLine(text, 1);
      return r.ok ? 'ok' : r.message;
    };
    expect(message('{"id":')).toMatch(/^not JSON: /);
    expect(message(JSON.stringify({ ...event, occurredAt: undefined }))).toBe('occurredAt is required');
    expect(message(JSON.stringify({ ...event, lat: 200 }))).toBe('/lat: must be <= 90');
    expect(message(JSON.stringify({ ...event, lat: 200, lon: 200 }))).toMatch(/\(and 1 more\)$/);
    expect(message('42')).toMatch(/^event: /);
  });
});
