import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server';

describe('grid geography over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ SIM: 'off' });
  });
  afterAll(async () => {
    await server?.close();
  });
  const get = async (path: string) => {
    const res = await server.fetch(path);
    return { status: res.status, body: (await res.json()) as any, headers: res.headers };
  };

  it('serves each level as GeoJSON with ids, codes, names and parent ids, in the reform counts', async () => {
    const counts: Record<string, number> = {};
    for (const level of ['district', 'community', 'full', 'micro']) {
      const { status, body } = await get(`/api/grids?level=${level}`);
      expect(status).toBe(200);
      expect(body.type).toBe('FeatureCollection');
      counts[level] = body.features.length;
      const props = body.features[0].properties;
      expect(Object.keys(props)).toEqual(expect.arrayContaining(['id', 'code', 'name', 'parentId', 'level']));
    }
    expect(counts).toEqual({ district: 9, community: 103, full: 384, micro: 3229 });
  });

  it('names the real communities with their NBS codes', async () => {
    const { body } = await get('/api/grids?level=community');
    const byCode = new Map(body.features.map((f: any) => [f.properties.code, f.properties.name]));
    expect(byCode.get('330383198001')).toBe('金钗河社区');
    expect(byCode.get('330383198400')).toContain('新城');
  });

  it('refuses an unknown level with a 400 that says which levels exist', async () => {
    const { status, body } = await get('/api/grids?level=province');
    expect(status).toBe(400);
    expect(body.message).toContain('querystring/level');
  });

  it('describes one grid: parents, children counts, team and key areas', async () => {
    const { body } = await get('/api/grids/330383198001');
    expect(body.grid).toMatchObject({ id: '330383198001', level: 'community', name: '金钗河社区' });
    expect(body.parents.map((p: any) => p.level)).toEqual(['district', 'city']);
    expect(body.childrenCounts.full).toBeGreaterThanOrEqual(1);
    expect(body.childrenCounts.micro).toBeGreaterThanOrEqual(body.childrenCounts.full);
    expect(body.team.length).toBe(body.childrenCounts.full);
    for (const member of body.team.flatMap((t: any) => t.members))
      expect(member.phone).toMatch(/^1\d\d\*{4}\d{4}$/);
    const city = await get('/api/grids/longgang');
    expect(city.body.childrenCounts).toEqual({ district: 9, community: 103, full: 384, micro: 3229 });
    expect(city.body.keyAreas.length).toBeGreaterThanOrEqual(30);
  });

  it('answers 404 for an unknown grid', async () => {
    const { status, body } = await get('/api/grids/nowhere');
    expect(status).toBe(404);
    expect(body.message).toBe('no grid with id "nowhere"');
  });

  it('serves the compact topology, the city and the base map for the client', async () => {
    // As sent on the wire (fetch would gunzip it): gzipped once and kept, the same bytes each time.
    const wire = (encoding: string) =>
      server.app.inject({
        method: 'GET',
        url: '/api/grids/topology',
        headers: { authorization: `Bearer ${server.tokens.admin}`, 'accept-encoding': encoding },
      });
    const gzipped = await wire('gzip, deflate');
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers['content-type']).toMatch(/^application\/json/);
    expect(gzipped.rawPayload.byteLength).toBeLessThan(400 * 1024);
    const again = await wire('gzip');
    expect(again.rawPayload.equals(gzipped.rawPayload)).toBe(true);
    const plain = await wire('identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gunzipSync(gzipped.rawPayload).toString()).toBe(plain.payload);
    const topo = await get('/api/grids/topology');
    expect(topo.body.type).toBe('Topology');
    expect(Object.keys(topo.body.objects).sort()).toEqual(['city', 'community', 'district', 'full', 'micro']);
    const city = await get('/api/city');
    expect(city.body).toMatchObject({ code: '330383', name: '龙港市', timezone: 'Asia/Shanghai' });
    const basemap = await get('/api/basemap');
    const kinds = new Set(basemap.body.features.map((f: any) => f.properties.kind));
    expect([...kinds].sort()).toEqual(['land', 'road', 'sea', 'water']);
  });

  it('documents the API as OpenAPI generated from the route schemas, browsable at /docs', async () => {
    const { body } = await get('/docs/json');
    expect(body.openapi).toMatch(/^3\./);
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        '/api/health',
        '/api/grids',
        '/api/grids/{id}',
        '/api/events',
        '/api/events/{id}/actions',
      ]),
    );
    const page = await server.fetch(`/docs`, { redirect: 'follow' });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger');
  });
});
