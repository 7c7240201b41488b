import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../shared/domain/categories';
import { startTestServer, type TestServer } from '../helpers/test-server';

const ISO_CITY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;

describe('Open311 GeoReport v2', () => {
  let server: TestServer;
  let base: string;
  beforeAll(async () => {
    server = await startTestServer({ SIM: 'off' });
    base = `${server.url}/open311/v2`;
  });
  afterAll(async () => {
    await server?.close();
  });

  const get = async (path: string) => {
    const res = await server.fetch(`/open311/v2${path}`);
    return { status: res.status, body: (await res.json()) as any };
  };
  const postForm = async (fields: Record<string, string>) => {
    const res = await server.fetch('/open311/v2/requests.json', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const postJson = async (body: unknown, path = '/open311/v2/requests.json') => {
    const res = await server.fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const act = (id: string, action: string, extra: Record<string, string> = {}) =>
    postJson({ action, ...extra }, `/api/events/${id}/actions`);

  it("takes the client's key as the api_key parameter, as GeoReport v2 clients send it", async () => {
    const key = await (
      await server.fetch('/api/api-keys', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'open311-app', permissions: ['events:ingest'] }),
      })
    ).json();
    const fields = {
      service_code: 'urban.street-order',
      lat: '27.5819',
      long: '120.5489',
      description: 'api_key test',
    };
    const anonymous = await fetch(`${base}/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    expect(anonymous.status).toBe(401);
    const withKey = await fetch(`${base}/requests.json?api_key=${encodeURIComponent(key.token)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    expect(withKey.status).toBe(201);
  });

  it('lists every subcategory of the taxonomy as a realtime service', async () => {
    const { status, body } = await get('/services.json');
    expect(status).toBe(200);
    expect(body).toHaveLength(CATEGORIES.reduce((n, c) => n + c.subcategories.length, 0));
    expect(body).toContainEqual(
      expect.objectContaining({
        service_code: 'emergency.waterlogging',
        service_name: '城市内涝',
        group: '应急',
        metadata: false,
        type: 'realtime',
      }),
    );
  });

  it('takes a form-encoded report, commits it as an open311 event and answers the spec’s receipt', async () => {
    const res = await postForm({
      api_key: 'ignored',
      service_code: 'urban.street-order',
      lat: '27.5819',
      long: '120.5489',
      address_string: '镇前路195号',
      description: '店外占道经营',
      first_name: '三',
      last_name: '张',
      phone: '13800000000',
      media_url: 'http://example.invalid/a.jpg',
      'attribute[size]': 'large',
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual([
      {
        service_request_id: expect.any(String),
        service_notice: 'Handled within 8 h of dispatch',
        account_id: null,
      },
    ]);
    const id = res.body[0].service_request_id;
    const detail = await server.fetch(`/api/events/${id}`).then((r) => r.json());
    expect(detail.event).toMatchObject({
      source: 'open311',
      category: 'urban',
      subcategory: 'street-order',
      lon: 120.5489,
      lat: 27.5819,
      description: '店外占道经营\n地址：镇前路195号',
      reporter: { name: '张三', phone: '13800000000' },
      status: 'reported',
    });
    expect(detail.event.grid.district).toMatch(/^D0\d$/);
  });

  it('takes JSON too, and answers bad reports with the spec’s error list and a 4xx', async () => {
    const ok = await postJson({
      service_code: 'traffic.signal',
      lat: 27.58,
      long: 120.55,
      description: '灯坏了',
    });
    expect(ok.status).toBe(201);
    const cases: [Record<string, unknown>, number, RegExp][] = [
      [
        { service_code: 'nope.nothing', lat: 27.58, long: 120.55 },
        400,
        /service_code "nope.nothing" not found/,
      ],
      [{ lat: 27.58, long: 120.55 }, 400, /service_code/],
      [{ service_code: 'traffic.signal', address_string: '人民路' }, 400, /lat and long are required/],
      [{ service_code: 'traffic.signal', lat: 'north', long: '120.5' }, 400, /decimal degrees/],
      [{ service_code: 'traffic.signal', lat: 127.58, long: 120.55 }, 400, /^lat: must be <= 90/],
      [{ service_code: 'traffic.signal', lat: 27.58, long: 120.55, phone: 'call me' }, 400, /^phone: /],
    ];
    for (const [body, status, pattern] of cases) {
      const res = await postJson(body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body).toEqual([{ code: status, description: expect.stringMatching(pattern) }]);
    }
    const notJson = await server.fetch('/open311/v2/requests.json', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{oops',
    });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual([{ code: 400, description: expect.any(String) }]);
    const unknown = await get('/no-such-thing.json');
    expect(unknown).toEqual({ status: 404, body: [{ code: 404, description: expect.any(String) }] });
  });

  it('lists requests with the lifecycle mapped to open/closed and the last note as status_notes', async () => {
    const [a, b] = await Promise.all([
      postForm({ service_code: 'environment.garbage', lat: '27.57', long: '120.56', description: '垃圾' }),
      postForm({ service_code: 'environment.noise', lat: '27.57', long: '120.56', description: '噪声' }),
    ]);
    const idA = a.body[0].service_request_id as string;
    const idB = b.body[0].service_request_id as string;
    for (const action of ['accept', 'register']) expect((await act(idA, action)).status).toBe(200);
    expect((await act(idA, 'dispatch', { assignee: 'team-3', note: 'test: a fixed team' })).status).toBe(200);
    for (const action of ['start', 'handle', 'verify']) expect((await act(idA, action)).status).toBe(200);
    expect((await act(idA, 'close', { note: '已清运' })).status).toBe(200);

    const both = await get(`/requests.json?service_request_id=${idA},${idB},missing`);
    expect(both.status).toBe(200);
    expect(both.body.map((r: any) => r.service_request_id).sort()).toEqual([idA, idB].sort());
    const closed = both.body.find((r: any) => r.service_request_id === idA);
    expect(closed).toMatchObject({
      status: 'closed',
      status_notes: '已清运',
      service_code: 'environment.garbage',
      service_name: '垃圾堆放',
      agency_responsible: 'team-3',
      lat: 27.57,
      long: 120.56,
      address_id: expect.stringMatching(/^330383/),
    });
    for (const field of ['requested_datetime', 'updated_datetime', 'expected_datetime'])
      expect(closed[field]).toMatch(ISO_CITY);

    const open = await get('/requests.json?status=open&service_code=environment.garbage,environment.noise');
    expect(open.body.map((r: any) => r.service_request_id)).toEqual([idB]);
    const closedOnly = await get('/requests.json?status=closed&service_code=environment.garbage');
    expect(closedOnly.body.map((r: any) => r.service_request_id)).toEqual([idA]);
    const one = await get(`/requests/${idA}.json`);
    expect(one).toEqual({ status: 200, body: [closed] });
    expect((await get('/requests/missing.json')).body).toEqual([
      { code: 404, description: 'service_request_id "missing" not found' },
    ]);
  });

  it('filters by date (any zone), leaves key-person events out, and refuses bad filters', async () => {
    const at = Date.parse('2020-09-28T10:00:00+08:00');
    const report = (id: string, occurredAt: number, keyPerson = false) => ({
      id,
      source: 'grid-worker',
      category: 'stability',
      subcategory: 'dispute',
      lon: 120.5489,
      lat: 27.5819,
      description: '邻里纠纷',
      occurredAt,
      keyPerson,
    });
    const res = await postJson(
      [report('d-early', at - 86_400_000), report('d-day', at), report('d-key', at, true)],
      '/api/events',
    );
    expect(res.status).toBe(202);
    const day = await get(
      '/requests.json?service_code=stability.dispute&start_date=2020-09-28T00:00:00%2B08:00&end_date=2020-09-28T15:59:59Z',
    );
    expect(day.body.map((r: any) => r.service_request_id)).toEqual(['d-day']);
    expect(day.body[0].requested_datetime).toBe('2020-09-28T10:00:00+08:00');
    const both = await get('/requests.json?service_code=stability.dispute&end_date=2020-09-29T00:00:00Z');
    expect(both.body.map((r: any) => r.service_request_id)).toEqual(['d-day', 'd-early']);
    // The default window is the last 90 days: a 2020 report is not in it.
    const recent = await get('/requests.json?service_code=stability.dispute');
    expect(recent.body).toEqual([]);
    expect((await get('/requests/d-key.json')).status).toBe(404);
    for (const query of [
      'start_date=yesterday',
      'end_date=2020-09-28',
      'status=pending',
      'service_code=x.y',
    ]) {
      const bad = await get(`/requests.json?${query}`);
      expect(bad.status, query).toBe(400);
      expect(bad.body).toEqual([{ code: 400, description: expect.any(String) }]);
    }
  });

  it('serves the service list to anyone but requests only with a credential, in the spec’s error format', async () => {
    expect((await fetch(`${base}/services.json`)).status).toBe(200);
    for (const [method, path] of [
      ['GET', '/requests.json'],
      ['POST', '/requests.json'],
      ['GET', '/requests/x.json'],
    ] as const) {
      const res = await fetch(`${base}${path}`, { method });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(await res.json()).toEqual([{ code: 401, description: expect.any(String) }]);
    }
  });

  it('holds API keys to their sources and categories', async () => {
    const keyFor = async (name: string, scope: Record<string, string[]>) => {
      const res = await postJson({ name, permissions: ['events:ingest'], ...scope }, '/api/api-keys');
      expect(res.status).toBe(201);
      return res.body.token as string;
    };
    const hotlineOnly = await keyFor('hotline-only', { sources: ['hotline-12345'] });
    const urbanOnly = await keyFor('o311-urban', { sources: ['open311'], categories: ['urban'] });
    const post = async (token: string, service_code: string) => {
      const res = await fetch(`${base}/requests.json`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ service_code, lat: 27.58, long: 120.55 }),
      });
      return { status: res.status, body: await res.json() };
    };
    expect(await post(hotlineOnly, 'urban.facility')).toEqual({
      status: 403,
      body: [{ code: 403, description: 'API key "hotline-only" may not report as open311' }],
    });
    expect((await post(urbanOnly, 'environment.garbage')).status).toBe(403);
    expect((await post(urbanOnly, 'urban.facility')).status).toBe(201);
  });

  it('documents every Open311 route in the OpenAPI under the open311 tag', async () => {
    const doc = await server.fetch(`/docs/json`).then((r) => r.json());
    const paths = [
      '/open311/v2/services.json',
      '/open311/v2/requests.json',
      '/open311/v2/requests/{service_request_id}.json',
    ];
    for (const path of paths) {
      for (const op of Object.values(doc.paths[path] as Record<string, any>)) {
        expect(op.tags).toEqual(['open311']);
        expect(Object.keys(op.responses)).toContain(path.endsWith('requests.json') ? '400' : '200');
      }
    }
    expect(doc.paths['/open311/v2/requests.json'].post.requestBody).toBeDefined();
  });
});
