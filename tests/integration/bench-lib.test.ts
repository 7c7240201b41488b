import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rulesOff } from '../../bench/fan-out';
import { newestProfile, summarizeProfile } from '../../bench/lib/cpu-profile';
import { CITY_DIR } from '../../bench/lib/event-inputs';
import { handWritten } from '../../bench/lib/hand-written';
import { censusOf, grownClasses } from '../../bench/lib/heap-census';
import { cpuSecondsOf, rssBytesOf } from '../../bench/lib/proc';
import { startBenchServer } from '../../bench/lib/server';
import { LatencyHistogram, ratioOf, slope, slopeFit } from '../../bench/lib/stats';
import { minutesArg, warmUpSeconds } from '../../bench/soak';

describe('benchmark helpers', () => {
  it('histogram quantiles match sorted samples and survive a round trip through IPC form', () => {
    const h = new LatencyHistogram();
    for (let ms = 1; ms <= 100; ms++) h.add(ms);
    expect(h.quantile(0.5)).toBe(50);
    expect(h.quantile(0.99)).toBe(99);
    const copy = new LatencyHistogram();
    copy.addSparse(h.toSparse());
    expect(copy.total).toBe(100);
    expect(copy.quantile(1)).toBe(100);
    expect(new LatencyHistogram().quantile(0.5)).toBeNaN();
    // A batch's events share one latency: counted once with their number, they weigh as many samples.
    const weighted = new LatencyHistogram();
    weighted.add(10, 98);
    weighted.add(500, 2);
    expect(weighted.total).toBe(100);
    expect(weighted.quantile(0.98)).toBe(10);
    expect(weighted.quantile(0.99)).toBe(500);
  });

  it('fits a least-squares slope and guards ratios against a zero baseline', () => {
    expect(slope([0, 1, 2, 3], [5, 7, 9, 11])).toBeCloseTo(2);
    expect(slope([1], [1])).toBeNaN();
    // By hand: mean x 1.5, mean y 3, slope 8 / 5; residuals 0.4, −1.2, 1.2, −0.4 (sum of squares 3.2).
    const fit = slopeFit([0, 1, 2, 3], [1, 1, 5, 5]);
    expect(fit.slope).toBeCloseTo(1.6);
    expect(fit.residualSd).toBeCloseTo(Math.sqrt(3.2 / 2));
    expect(fit.se).toBeCloseTo(Math.sqrt(3.2 / 2) / Math.sqrt(5));
    expect(slopeFit([0, 1], [0, 1]).residualSd).toBeNaN();
    expect(ratioOf(3, 0)).toBe(0);
    expect(ratioOf(1, 4)).toBe(0.25);
  });

  it("keeps the report's hand-written part when the tables are regenerated", () => {
    const doc =
      '# Benchmarks\n\n| a | b |\n\n## About these figures\n\nWhat the runs found.\n\n## More\n\nx\n\n';
    expect(handWritten(doc)).toBe('\n## About these figures\n\nWhat the runs found.\n\n## More\n\nx\n');
    expect(handWritten('# Benchmarks\n\n| a | b |\n')).toBe('');
    // A heading that only starts the same way is not it.
    expect(handWritten('# B\n\n## About these figures, old\n')).toBe('');
  });

  it('counts a heap snapshot by class with compiled code apart, and names what grew', () => {
    // Nodes as V8 writes them: type index, name index, self size.
    const snapshot = (nodes: number[]) => ({
      snapshot: {
        meta: { node_fields: ['type', 'name', 'self_size'], node_types: [['object', 'code', 'native']] },
      },
      nodes,
      strings: ['Map', 'InstructionStream', 'WebGLBuffer'],
    });
    const before = censusOf(snapshot([0, 0, 100, 1, 1, 500, 2, 2, 40]));
    const after = censusOf(snapshot([0, 0, 100, 0, 0, 100, 1, 1, 900, 2, 2, 40, 2, 2, 40, 2, 2, 40]));
    expect(before).toMatchObject({ total: 640, code: 500, native: 40 });
    expect(after).toMatchObject({ total: 1220, code: 900, native: 120 });
    expect(after.byClass.get('object:Map')).toEqual({ count: 2, size: 200 });
    expect(grownClasses(before, after, 2)).toEqual([
      { name: 'object:Map', count: 1, size: 100 },
      { name: 'native:WebGLBuffer', count: 2, size: 80 },
    ]);
  });

  it('reads --minutes in both forms', () => {
    expect(minutesArg(['soak', '--minutes', '3'])).toBe(3);
    expect(minutesArg(['--minutes=0.5'])).toBe(0.5);
    expect(minutesArg(['soak'])).toBeNull();
    expect(() => minutesArg(['--minutes', 'x'])).toThrow(/positive number/);
  });

  it("leaves the soak's first half out of the fit, at most 30 minutes", () => {
    expect(warmUpSeconds(3600)).toBe(1800);
    expect(warmUpSeconds(7200)).toBe(1800);
    expect(warmUpSeconds(600)).toBe(300);
  });

  it('reads CPU and RSS of a process from /proc', () => {
    expect(cpuSecondsOf(process.pid)).toBeGreaterThan(0);
    expect(rssBytesOf(process.pid)).toBeGreaterThan(1024 * 1024);
    expect(cpuSecondsOf(2 ** 30)).toBeNaN();
  });

  it('summarises a V8 CPU profile over a window before its end, main thread only', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-profile-'));
    try {
      const profile = {
        nodes: [
          { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 } },
          {
            id: 2,
            callFrame: { functionName: 'insert', url: 'file:///app/server/store/x.ts', lineNumber: 9 },
          },
          {
            id: 3,
            callFrame: { functionName: 'parse', url: 'file:///app/node_modules/fastify/a.js', lineNumber: 0 },
          },
          { id: 4, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
        ],
        startTime: 0,
        endTime: 10_000_000,
        // Idle for the first 5 s, then 3 samples of insert for each 1 of parse, 1 ms apart.
        samples: [4, ...Array.from({ length: 4000 }, (_, i) => (i % 4 === 3 ? 3 : 2))],
        timeDeltas: [5_000_000, ...Array.from({ length: 4000 }, () => 1000)],
      };
      writeFileSync(path.join(dir, 'CPU.20260101.000000.1.0.001.cpuprofile'), JSON.stringify(profile));
      writeFileSync(path.join(dir, 'CPU.20260101.000001.1.1.002.cpuprofile'), '{}');
      const file = newestProfile(dir);
      expect(file).toMatch(/\.1\.0\.001\.cpuprofile$/);
      const text = summarizeProfile(file!, { fromEndMs: 4990, toEndMs: 1000 });
      expect(text).toContain('75 % server/store/x.ts');
      expect(text).toContain('25 % fastify');
      expect(text).not.toContain('(idle)');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('starts a bench server on files put in its DATA_DIR: the fan-out rules-off run has every rule off', async () => {
    const server = await startBenchServer({}, { files: { 'rules.json': rulesOff() } });
    try {
      const res = await server.fetch('/api/rules');
      expect(res.status).toBe(200);
      const body = (await res.json()) as {
        file: string;
        config: { rules: Record<string, { enabled: boolean }> };
      };
      // The override in force, not the city's defaults.
      expect(body.file).not.toBe(path.join(CITY_DIR, 'rules.json'));
      expect(path.basename(body.file)).toBe('rules.json');
      const rules = Object.entries(body.config.rules);
      expect(rules.length).toBeGreaterThan(0);
      expect(rules.filter(([, r]) => r.enabled)).toEqual([]);
    } finally {
      await server.stop();
    }
  }, 90_000);
});
