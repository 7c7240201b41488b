/**
 * Per-process CPU and memory read from /proc (Linux), so a benchmark can report what each side of a
 * load test used: a saturated load generator must not pass for a slow server.
 */
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on every Linux we run). */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) used so far by process `pid`; NaN when it cannot be read. */
export function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** Resident set size of process `pid` in bytes (VmRSS); NaN when it cannot be read. */
export function rssBytesOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** A CPU meter over a window: `start()` then `stop()` gives the share of one core used (1 = 100 %). */
export function cpuMeter(read: () => number): { start(): void; stop(): number } {
  let cpu0 = 0;
  let t0 = 0;
  return {
    start() {
      cpu0 = read();
      t0 = performance.now();
    },
    stop() {
      const secs = (performance.now() - t0) / 1000;
      return secs > 0 ? (read() - cpu0) / secs : Number.NaN;
    },
  };
}

/** This process's CPU seconds (user + system), for a child that reports its own use. */
export function ownCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** A share of one core as a percentage string, e.g. "87 %". */
export function pct(share: number): string {
  return Number.isFinite(share) ? `${Math.round(share * 100)} %` : 'n/a';
}
