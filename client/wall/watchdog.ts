/**
 * The wall's last line of defence, as pure decisions on a clock. Socket.IO reconnects and the live
 * store resyncs by itself; this only decides when that has clearly failed, or when the page has grown
 * too big to trust, that the page should reload. A reload is risky: if the server is unreachable the
 * browser shows its error page and the wall stays dead even after the server comes back. So a reload is
 * only ever proposed as "probe the server, and reload if it answers".
 */
export interface WatchdogConfig {
  /** Socket down this long: reload (issue: 60 s). */
  deadAfterMs: number;
  /** usedJSHeapSize above this: reload (issue: 1.5 GB, `?memBudgetMb=`). */
  memBudgetBytes: number;
  /** No memory reload before the page is this old, so a too-small budget cannot make a reload loop. */
  minUptimeForMemoryMs: number;
  /** Between two probes of an unreachable server. */
  probeEveryMs: number;
}

export const DEFAULT_WATCHDOG: WatchdogConfig = {
  deadAfterMs: 60_000,
  memBudgetBytes: 1536 * 1024 * 1024,
  minUptimeForMemoryMs: 10 * 60_000,
  probeEveryMs: 10_000,
};

export interface WatchdogState {
  startedAt: number;
  /** When the socket was last seen going down, or null while it is up. */
  downSince: number | null;
  lastProbeAt: number | null;
}

/** One look at the page. */
export interface WatchdogReading {
  now: number;
  connected: boolean;
  /** performance.memory.usedJSHeapSize where the browser has it (Chromium), else null. */
  usedHeapBytes: number | null;
}

export type ReloadReason = 'socket-dead' | 'memory';
export type WatchdogDecision = { action: 'none' } | { action: 'probe-then-reload'; reason: ReloadReason };

export function initialWatchdog(now: number): WatchdogState {
  return { startedAt: now, downSince: null, lastProbeAt: null };
}

/** The next state and what to do, given a reading. */
export function watchdogStep(
  state: WatchdogState,
  reading: WatchdogReading,
  config: WatchdogConfig = DEFAULT_WATCHDOG,
): { state: WatchdogState; decision: WatchdogDecision } {
  const { now } = reading;
  const downSince = reading.connected ? null : (state.downSince ?? now);
  let reason: ReloadReason | null = null;
  if (downSince !== null && now - downSince >= config.deadAfterMs) reason = 'socket-dead';
  else if (
    reading.usedHeapBytes !== null &&
    reading.usedHeapBytes > config.memBudgetBytes &&
    now - state.startedAt >= config.minUptimeForMemoryMs
  )
    reason = 'memory';
  const probeDue = state.lastProbeAt === null || now - state.lastProbeAt >= config.probeEveryMs;
  if (reason && probeDue)
    return {
      state: { ...state, downSince, lastProbeAt: now },
      decision: { action: 'probe-then-reload', reason },
    };
  return { state: { ...state, downSince }, decision: { action: 'none' } };
}

/** The memory budget from `?memBudgetMb=` (a positive number), else the default. */
export function watchdogConfigFrom(search: string, base: WatchdogConfig = DEFAULT_WATCHDOG): WatchdogConfig {
  const mb = Number(new URLSearchParams(search).get('memBudgetMb'));
  return Number.isFinite(mb) && mb > 0 ? { ...base, memBudgetBytes: Math.round(mb * 1024 * 1024) } : base;
}
