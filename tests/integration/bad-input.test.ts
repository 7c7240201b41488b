import fc from 'fast-check';
import { Compile } from 'typebox/compile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventInputSchema } from '../../shared/schemas/event';
import { startTestServer, type TestServer } from '../helpers/test-server';

const good = {
  id: 'good-1',
  source: 'hotline-12345',
  category: 'urban',
  subcategory: 'street-order',
  lon: 120.5489,
  lat: 27.5819,
  description: '占道经营',
};
const deep = (n: number): unknown => (n === 0 ? 'x' : { a: deep(n - 1) });

/** Named hostile inputs to POST /api/events, each with the status it must get. */
const HTTP_CASES: [string, unknown, number][] = [
  ['lon as a string', { ...good, lon: '120.5' }, 400],
  ['lat as a boolean', { ...good, lat: true }, 400],
  ['lon missing with lat present', { ...good, lon: undefined }, 400],
  ['no place at all', { ...good, lon: undefined, lat: undefined }, 400],
  ['lat above 90', { ...good, lat: 91 }, 400],
  ['lon below -180', { ...good, lon: -181 }, 400],
  ['NaN coordinate (sent as null)', { ...good, lon: Number.NaN }, 400],
  ['Infinity coordinate (sent as null)', { ...good, lat: Number.POSITIVE_INFINITY }, 400],
  ['huge exponent', JSON.parse('{"lon":1e400}'), 400],
  ['unknown category', { ...good, category: 'weather' }, 400],
  ['unknown subcategory', { ...good, subcategory: 'aliens' }, 400],
  ['unknown source', { ...good, source: 'twitter' }, 400],
  ['unknown severity', { ...good, severity: 'apocalyptic' }, 400],
  ['unknown property', { ...good, colour: 'red' }, 400],
  ['prototype pollution key', JSON.parse(`{"__proto__":{"admin":true},"source":"sensor"}`), 400],
  ['constructor key', { ...good, constructor: { prototype: {} } }, 400],
  ['description too long', { ...good, description: 'x'.repeat(2001) }, 400],
  ['description a number', { ...good, description: 42 }, 400],
  ['id with spaces', { ...good, id: 'a b' }, 400],
  ['id with SQL injection', { ...good, id: "x'; DROP TABLE events;--" }, 400],
  ['id too long', { ...good, id: 'a'.repeat(65) }, 400],
  ['id empty', { ...good, id: '' }, 400],
  ['occurredAt negative', { ...good, occurredAt: -1 }, 400],
  ['occurredAt a date string', { ...good, occurredAt: '2026-01-01' }, 400],
  ['keyPerson a string', { ...good, keyPerson: 'yes' }, 400],
  ['reporter phone with letters', { ...good, reporter: { phone: 'call me' } }, 400],
  ['reporter with extra field', { ...good, reporter: { name: 'a', idCard: '330' } }, 400],
  ['gridId unknown', { ...good, lon: undefined, lat: undefined, gridId: 'nowhere' }, 400],
  ['body is a string', 'hello', 400],
  ['body is a number', 42, 400],
  ['body is null', null, 400],
  ['empty batch', [], 400],
  ['batch of 1,001', Array.from({ length: 1001 }, (_, i) => ({ ...good, id: `b${i}` })), 400],
  ['batch with one bad item', [good, { ...good, id: 'g2', lat: 'x' }], 400],
  ['same id twice in a batch', [good, good], 400],
  ['deeply nested object', { ...good, reporter: deep(200) }, 400],
  ['array of arrays', [[good]], 400],
];

/** Raw bodies that are not JSON the schema could even see. */
const RAW_CASES: [string, string, string, number][] = [
  ['truncated JSON', 'application/json', '{"source":', 400],
  ['invalid UTF-8 bytes', 'application/json', '\xff\xfe{}', 400],
  ['text/plain body (parsed as a string, not an event)', 'text/plain', JSON.stringify(good), 400],
  ['XML body', 'application/xml', '<event/>', 415],
  ['huge body (3 MB)', 'application/json', `[${'"x",'.repeat(750_000)}"x"]`, 413],
  ['empty body', 'application/json', '', 400],
];

/** Named hostile socket payloads, each answered with a specific error code. */
const SOCKET_CASES: [string, string, unknown, string][] = [
  ['sync:hello without lastSeq', 'sync:hello', {}, 'bad_request'],
  ['sync:hello with a negative lastSeq', 'sync:hello', { lastSeq: -1 }, 'bad_request'],
  ['sync:hello with a string lastSeq', 'sync:hello', { lastSeq: '5' }, 'bad_request'],
  ['sync:hello with a fractional lastSeq', 'sync:hello', { lastSeq: 1.5 }, 'bad_request'],
  ['sync:hello with an unknown scope', 'sync:hello', { lastSeq: null, scope: 'planet:earth' }, 'bad_request'],
  [
    'sync:hello with an injected scope',
    'sync:hello',
    { lastSeq: null, scope: "district:D01' OR 1=1" },
    'bad_request',
  ],
  ['sync:hello with a huge cadence', 'sync:hello', { lastSeq: null, cadenceMs: 1e9 }, 'bad_request'],
  ['sync:hello with an extra field', 'sync:hello', { lastSeq: null, admin: true }, 'bad_request'],
  ['sync:hello with a string payload', 'sync:hello', 'hello', 'bad_request'],
  ['event:accept without an id', 'event:accept', {}, 'bad_request'],
  ['event:accept with a numeric id', 'event:accept', { id: 7 }, 'bad_request'],
  ['event:accept with a 10 kB id', 'event:accept', { id: 'x'.repeat(10_000) }, 'bad_request'],
  ['event:dispatch with an empty assignee', 'event:dispatch', { id: 'a', assignee: '' }, 'bad_request'],
  ['event:cancel with a 3 kB note', 'event:cancel', { id: 'a', note: 'x'.repeat(3000) }, 'bad_request'],
  ['event:accept on an unknown event', 'event:accept', { id: 'no-such-event' }, 'not_found'],
  ['event:close on a just-reported event', 'event:close', { id: 'sock-target' }, 'illegal_transition'],
];

describe('the bad-input catalogue', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ SIM: 'off' });
  });
  afterAll(async () => {
    await server?.close();
  });
  const seq = async () => ((await (await server.fetch('/api/health')).json()) as { seq: number }).seq;
  const post = (body: string, type = 'application/json') =>
    server.fetch('/api/events', { method: 'POST', headers: { 'content-type': type }, body });

  it.each(HTTP_CASES)('POST /api/events refuses %s', async (_name, body, status) => {
    const before = await seq();
    const res = await post(JSON.stringify(body));
    expect(res.status).toBe(status);
    const answer = (await res.json()) as { message: string };
    expect(answer.message.length).toBeGreaterThan(5);
    expect(answer.message).not.toMatch(/at .*\.ts:\d+/);
    expect(await seq()).toBe(before);
  });

  it.each(RAW_CASES)('POST /api/events refuses %s', async (_name, type, body, status) => {
    const before = await seq();
    const res = await post(body, type);
    expect(res.status).toBe(status);
    expect(await res.text()).not.toMatch(/at .*\.(ts|js):\d+/);
    expect(await seq()).toBe(before);
  });

  it.each(SOCKET_CASES)('the socket refuses %s', async (_name, event, payload, code) => {
    await post(JSON.stringify({ ...good, id: 'sock-target' }));
    const before = await seq();
    const socket = server.connect();
    const ack = (await socket.timeout(5000).emitWithAck(event as 'sync:hello', payload as never)) as {
      ok: boolean;
      error?: { code: string; message: string };
    };
    socket.close();
    expect(ack.ok).toBe(false);
    expect(ack.error?.code).toBe(code);
    expect(ack.error?.message.length).toBeGreaterThan(5);
    expect(await seq()).toBe(before);
  });

  it('stores hostile strings as text, unchanged and harmless', async () => {
    const hostile = `<img src=x onerror="alert(1)"> '; DROP TABLE events; -- \u202e ${'\u0000'.slice(0, 0)}`;
    const res = await post(JSON.stringify({ ...good, id: 'hostile-1', description: hostile }));
    expect(res.status).toBe(202);
    const back = (await (await server.fetch('/api/events/hostile-1')).json()) as {
      event: { description: string };
    };
    expect(back.event.description).toBe(hostile);
  });

  it('refuses a replayed id without storing it twice, and stays up after everything above', async () => {
    await post(JSON.stringify({ ...good, id: 'replayed' }));
    const again = await post(JSON.stringify({ ...good, id: 'replayed' }));
    expect(await again.json()).toEqual({ accepted: ['replayed'], duplicates: ['replayed'] });
    expect((await server.fetch('/api/health')).status).toBe(200);
  });

  it('fuzzes the ingest schema: whatever arrives, the answer is 202 exactly when the schema accepts it', async () => {
    const check = Compile(EventInputSchema);
    const field = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
    const arbitraryEvent = fc.record(
      {
        id: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,20}$/),
        source: fc.oneof(fc.constantFrom('hotline-12345', 'sensor'), fc.string()),
        category: fc.oneof(fc.constant('urban'), fc.string()),
        subcategory: fc.oneof(fc.constant('street-order'), fc.string()),
        lon: fc.oneof(fc.double({ min: 120.47, max: 120.67, noNaN: true }), field),
        lat: fc.oneof(fc.double({ min: 27.48, max: 27.59, noNaN: true }), field),
        description: fc.oneof(fc.string(), field),
        extra: field,
      },
      { requiredKeys: ['id', 'source'] },
    );
    await fc.assert(
      fc.asyncProperty(arbitraryEvent, async (candidate) => {
        const body = JSON.parse(JSON.stringify(candidate));
        const res = await post(JSON.stringify(body));
        const schemaOk = check.Check(body);
        if (!schemaOk) expect(res.status).toBe(400);
        else expect([202, 400]).toContain(res.status);
        if (res.status >= 500) throw new Error(`server error for ${JSON.stringify(body)}`);
      }),
      { numRuns: 150, seed: 20200928 },
    );
  });
});
