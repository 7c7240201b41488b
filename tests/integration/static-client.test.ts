import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server';

/** A built client as `npm run build` leaves it: a hashed bundle with its .br and .gz beside it. */
function fakeBuild(): { dir: string; bundle: Buffer } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'city-brain-static-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
  const bundle = Buffer.from(
    `export const rows = ${JSON.stringify(Array.from({ length: 500 }, (_, i) => i))};\n`,
  );
  fs.writeFileSync(path.join(dir, 'assets/index-abc123.js'), bundle);
  fs.writeFileSync(path.join(dir, 'assets/index-abc123.js.gz'), gzipSync(bundle));
  fs.writeFileSync(path.join(dir, 'assets/index-abc123.js.br'), brotliCompressSync(bundle));
  return { dir, bundle };
}

describe('the built client as the server sends it', () => {
  let server: TestServer;
  let build: ReturnType<typeof fakeBuild>;

  beforeAll(async () => {
    build = fakeBuild();
    server = await startTestServer({ STATIC_DIR: build.dir, SIM: 'off' });
  });
  afterAll(async () => {
    await server?.close();
    fs.rmSync(build.dir, { recursive: true, force: true });
  });

  const get = (url: string, encoding: string) =>
    server.fetch(url, { headers: { 'accept-encoding': encoding } });

  it('sends the precompressed brotli file as it is to a browser that accepts it, cached for a year', async () => {
    const res = await get('/assets/index-abc123.js', 'gzip, deflate, br');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    // fetch undoes the encoding: the bytes are the bundle's, compressed once, not twice.
    expect(Buffer.from(await res.arrayBuffer()).equals(build.bundle)).toBe(true);
  });

  it('sends the .gz to a client that accepts only gzip, and the plain file to one that accepts neither', async () => {
    const gz = await get('/assets/index-abc123.js', 'gzip');
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(Buffer.from(await gz.arrayBuffer()).equals(build.bundle)).toBe(true);
    const plain = await get('/assets/index-abc123.js', 'identity');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(Buffer.from(await plain.arrayBuffer()).equals(build.bundle)).toBe(true);
  });

  it('never lets a page be cached, so a wall that reloads gets the current build', async () => {
    for (const page of ['/wall', '/console']) {
      const res = await get(page, 'gzip, br');
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toContain('<div id="root">');
    }
  });
});

describe('npm run build', () => {
  it('leaves a .br and a .gz of each bundle that unpack to the bundle', () => {
    const assets = path.resolve('dist/client/assets');
    const bundles = fs.readdirSync(assets).filter((f) => /\.(js|css)$/.test(f));
    const large = bundles.filter((f) => fs.statSync(path.join(assets, f)).size >= 1024);
    expect(large.length).toBeGreaterThanOrEqual(3);
    for (const f of large) {
      const body = fs.readFileSync(path.join(assets, f));
      expect(gunzipSync(fs.readFileSync(path.join(assets, `${f}.gz`))).equals(body), `${f}.gz`).toBe(true);
      expect(
        brotliDecompressSync(fs.readFileSync(path.join(assets, `${f}.br`))).equals(body),
        `${f}.br`,
      ).toBe(true);
    }
  });
});
