import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server';

const SAMPLE = 'data/longgang/samples/drill-waterlogging.ndjson';
const dir = mkdtempSync(path.join(tmpdir(), 'city-replay-'));

/** Runs the CLI as a child process (async: the server under test lives in this process). */
function replay(args: string[], token?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, CITY_BRAIN_TOKEN: token ?? '' };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'server/cli/replay.ts', ...args],
      { env, encoding: 'utf8' },
      (err, stdout, stderr) => resolve({ code: err ? ((err.code as number) ?? -1) : 0, stdout, stderr }),
    );
  });
}

function ndjson(name: string, lines: (object | string)[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, `${lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n`);
  return file;
}

const event = (id: string, occurredAt: number, patch: Record<string, unknown> = {}) => ({
  id,
  source: 'sensor',
  category: 'emergency',
  subcategory: 'waterlogging',
  lon: 120.538,
  lat: 27.588,
  description: '江滨公园积水',
  occurredAt,
  ...patch,
});

describe('npm run replay', () => {
  let server: TestServer;
  let token: string;
  beforeAll(async () => {
    server = await startTestServer({ SIM: 'off' });
    const res = await server.fetch('/api/api-keys', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'replay-test', permissions: ['events:ingest'] }),
    });
    expect(res.status).toBe(201);
    token = ((await res.json()) as { token: string }).token;
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('replays the waterlogging drill into the riverbank flood spots, then finds it all stored on a rerun', async () => {
    const first = await replay([SAMPLE, '--url', server.url, '--as-fast-as-possible', '--batch', '7'], token);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout.trim()).toBe(`replayed ${SAMPLE}: sent 20, accepted 20, duplicates 0, rejected 0`);
    for (let i = 1; i <= 20; i++) {
      const id = `drill-wl-${String(i).padStart(3, '0')}`;
      const { event: e } = (await server.fetch(`/api/events/${id}`).then((r) => r.json())) as any;
      expect(e, id).toMatchObject({ category: 'emergency', subcategory: 'waterlogging' });
      expect(['K025', 'K026', 'K027', 'K031']).toContain(e.keyAreaId);
      // Inside Longgang: located in a micro-grid, not left outside every grid.
      expect(e.grid?.micro, id).toMatch(/^330383/);
    }
    const again = await replay([SAMPLE, '--url', server.url, '--speed', '0'], token);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('sent 20, accepted 0, duplicates 20, rejected 0');
  });

  it('keeps the original gaps divided by --speed, and sends everything at once at speed 0', async () => {
    const t0 = 1_700_000_000_000;
    const received = async (prefix: string, speed: string) => {
      const ids = [`${prefix}-1`, `${prefix}-2`, `${prefix}-3`];
      const file = ndjson(`${prefix}.ndjson`, [
        event(ids[0]!, t0),
        event(ids[1]!, t0 + 600),
        event(ids[2]!, t0 + 1200),
      ]);
      const run = await replay([file, '--url', server.url, '--speed', speed], token);
      expect(run.code, run.stderr).toBe(0);
      const times: number[] = [];
      for (const id of ids) {
        const { event: e } = (await server.fetch(`/api/events/${id}`).then((r) => r.json())) as any;
        expect(e.occurredAt - t0).toBe(600 * times.length); // the recorded time is kept
        times.push(e.receivedAt);
      }
      return times;
    };
    // 1,200 ms of recorded time at speed 2: the last is sent 600 ms after the first. Only the span is
    // checked, with room for the first request's own latency on a loaded machine; per-gap timing is
    // too noisy to assert here.
    const [a, , c] = await received('gap', '2');
    expect(c! - a!).toBeGreaterThanOrEqual(400);
    expect(c! - a!).toBeLessThan(5000);
    // At speed 0 the three are due together and travel in one batch, committed at one instant.
    expect(new Set(await received('fast', '0')).size).toBe(1);
  });

  it('reports bad lines by number, skips them, still sends their good neighbours, and exits 1', async () => {
    const t0 = 1_700_000_100_000;
    const file = ndjson('bad.ndjson', [
      event('ok-1', t0),
      '{"id": "broken',
      event('bad-lat', t0, { lat: 200 }),
      event('no-time', t0, { occurredAt: undefined }),
      '',
      event('bad-sub', t0, { subcategory: 'volcano' }),
      event('ok-2', t0),
    ]);
    const run = await replay([file, '--url', server.url, '--speed', '0', '--progress'], token);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('sent 3, accepted 2, duplicates 0, rejected 4 (lines 2, 3, 4, 6)');
    expect(run.stderr).toMatch(/line 2: not JSON/);
    expect(run.stderr).toMatch(/line 3: \/lat: must be <= 90/);
    expect(run.stderr).toMatch(/line 4: occurredAt is required/);
    expect(run.stderr).toMatch(/line 6: refused by the server: subcategory: unknown subcategory "volcano"/);
    expect(run.stderr).toMatch(/\[#{30}\] 100%/);
    for (const id of ['ok-1', 'ok-2']) expect((await server.fetch(`/api/events/${id}`)).status).toBe(200);
    for (const id of ['bad-lat', 'no-time', 'bad-sub'])
      expect((await server.fetch(`/api/events/${id}`)).status).toBe(404);
  });

  it('stops with exit 1 when the server refuses the credential, and exit 2 on bad usage', async () => {
    const file = ndjson('one.ndjson', [event('unauth-1', 1)]);
    const unauthorized = await replay([file, '--url', server.url, '--speed', '0']);
    expect(unauthorized.code).toBe(1);
    expect(unauthorized.stdout).toContain('sent 0, accepted 0');
    expect(unauthorized.stderr).toMatch(/aborted: server answered 401: .*; stopped before line 1/);
    expect((await server.fetch('/api/events/unauth-1')).status).toBe(404);
    // Usage errors are independent: run them side by side (each child pays tsx's start-up).
    const usage = [
      [],
      [file, '--speed', 'fast'],
      [file, '--batch', '5000'],
      [path.join(dir, 'missing.ndjson')],
    ];
    const runs = await Promise.all(usage.map((args) => replay(args, token)));
    runs.forEach((bad, i) => {
      expect(bad.code, usage[i]!.join(' ')).toBe(2);
      expect(bad.stderr).toContain('usage: npm run replay');
    });
  });
});
