import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const FILES = [
  'city.json',
  'grids.topo.json',
  'basemap.geojson',
  'roads.json',
  'parking.json',
  'key-areas.json',
  'teams.json',
];

describe('npm run data:generate', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'city-gen-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('reproduces the committed data/longgang files byte for byte from the default seed', () => {
    const log = execFileSync(process.execPath, ['--import', 'tsx', 'data/generator/main.ts', '--out', out], {
      encoding: 'utf8',
    });
    expect(log).toMatch(/checker problems: 0/);
    for (const f of FILES) {
      expect(readFileSync(path.join(out, f)).equals(readFileSync(path.join('data', 'longgang', f))), f).toBe(
        true,
      );
    }
  });

  it('gives a different but equally valid city for another seed', () => {
    const other = path.join(out, 'other');
    const log = execFileSync(
      process.execPath,
      ['--import', 'tsx', 'data/generator/main.ts', '--out', other, '--seed', '7'],
      { encoding: 'utf8' },
    );
    expect(log).toMatch(/micro: 3229/);
    expect(log).toMatch(/checker problems: 0/);
    expect(
      readFileSync(path.join(other, 'grids.topo.json')).equals(readFileSync('data/longgang/grids.topo.json')),
    ).toBe(false);
  });
});
