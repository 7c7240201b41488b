import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

describe('loadConfig', () => {
  it('gives the documented defaults: 127.0.0.1:8080, ./var, simulator on', () => {
    const c = loadConfig({}, []);
    expect(c).toMatchObject({ host: '127.0.0.1', port: 8080, simEnabled: true, simSpeed: 1, flushMs: 50 });
    expect(c.dataDir).toBe(path.resolve('var'));
  });

  it('reads env and lets flags win', () => {
    const c = loadConfig({ PORT: '9000', SIM: 'off', DATA_DIR: '/tmp/x' }, ['--port', '9100']);
    expect(c.port).toBe(9100);
    expect(c.simEnabled).toBe(false);
    expect(c.dataDir).toBe(path.resolve('/tmp/x'));
  });

  it('names every bad setting and its variable', () => {
    const load = () => loadConfig({ PORT: 'eighty', SIM_SPEED: '-2', SIM: 'maybe' }, []);
    expect(load).toThrow('PORT / --port = "eighty": must be integer');
    expect(load).toThrow('SIM_SPEED / --sim-speed = "-2": must be > 0');
    expect(load).toThrow('SIM / --sim = "maybe": must be boolean');
  });

  it('refuses unknown flags', () => {
    expect(() => loadConfig({}, ['--prot', '1'])).toThrow(/prot/);
  });
});

describe('README configuration table', () => {
  it('lists every setting with its variable, flag and default', async () => {
    const { readFileSync } = await import('node:fs');
    const { CONFIG_SOURCES } = await import('./config');
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    // Table rows as trimmed cells, whatever the column padding.
    const rows = readme
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) => line.split('|').map((cell) => cell.trim()));
    for (const s of Object.values(CONFIG_SOURCES)) {
      expect(rows).toContainEqual(
        expect.arrayContaining([`\`${s.env}\``, `\`--${s.flag}\``, `\`${s.def}\``]),
      );
    }
  });
});
