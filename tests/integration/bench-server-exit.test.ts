import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Whether a process with this pid is alive (signal 0 checks without sending). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('benchmark server', () => {
  it('does not outlive a benchmark that exits without stopping it', async () => {
    // A benchmark process that starts a server, prints its pid and leaves with process.exit.
    const script = `
      import { startBenchServer } from './bench/lib/server.ts';
      const server = await startBenchServer();
      console.log('SERVER_PID=' + server.pid);
      process.exit(0);
    `;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
      timeout: 90_000,
    });
    const pid = Number(/SERVER_PID=(\d+)/.exec(run.stdout)?.[1]);
    expect(pid, `no server pid in the output: ${run.stdout}${run.stderr}`).toBeGreaterThan(0);
    // SIGKILL is sent as the benchmark exits; give the kernel a moment to reap it.
    const deadline = Date.now() + 5_000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(alive(pid)).toBe(false);
  }, 120_000);
});
