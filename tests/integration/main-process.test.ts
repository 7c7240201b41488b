import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDataDir, waitFor } from '../helpers/test-server';

/** Starts `server/main.ts` as a real process, the way `npm start` does after the build. */
function startMain(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let out = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  return { child, output: () => out };
}

describe('the server process', () => {
  let dir = '';
  afterEach(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prints a wall URL that works at once and the first admin password, and exits 0 on SIGINT', async () => {
    dir = tempDataDir();
    const { child, output } = startMain({ DATA_DIR: dir });
    await waitFor(
      () => /wall: +http:\/\/\S+\/wall\?token=dsp_\S+/.test(output()),
      'the wall URL in the log',
      // A first start writes a day of simulated history before it listens (a few seconds).
      60_000,
    );
    const [, base, token] = /wall: +(http:\/\/\S+)\/wall\?token=(dsp_\S+)/.exec(output())!;
    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(200);
    // A first start on the defaults opens on the simulated city since yesterday, not an empty one.
    expect(((await health.json()) as { seq: number }).seq).toBeGreaterThan(1000);
    // The printed token is a working read-only wall credential.
    const city = await fetch(`${base}/api/city`, { headers: { authorization: `Bearer ${token}` } });
    expect(city.status).toBe(200);
    const password = /First start: user "admin", password (\S+)/.exec(output())?.[1];
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(fs.readFileSync(`${dir}/admin-password.txt`, 'utf8')).toContain(password!);
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exit).toBe(0);
    expect(fs.existsSync(`${dir}/city-brain.sqlite`)).toBe(true);
    // A first start writes a day or two of simulated history before it listens.
  }, 90_000);

  it('refuses a bad setting with a message naming it, exit code 2', async () => {
    dir = tempDataDir();
    const { child, output } = startMain({ DATA_DIR: dir, SIM_SPEED: 'fast' });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(2);
    expect(output()).toContain('SIM_SPEED / --sim-speed = "fast"');
  });
});
