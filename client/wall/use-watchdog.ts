import { useEffect } from 'react';
import type { LiveStore } from '../state/live-store';
import { initialWatchdog, type ReloadReason, watchdogConfigFrom, watchdogStep } from './watchdog';

/** How often the watchdog looks; the 60 s rule needs no finer grain. */
const TICK_MS = 5_000;

interface ChromiumMemory {
  memory?: { usedJSHeapSize: number };
}

/**
 * Runs the wall watchdog (watchdog.ts) against the live store. The stale banner meanwhile is the status
 * header's; reconnect and resync are the socket's. A reload keeps the URL (language, budget) and the
 * display token, which credentials.ts keeps in localStorage.
 */
export function useWatchdog(store: LiveStore): void {
  useEffect(() => {
    const config = watchdogConfigFrom(window.location.search);
    let state = initialWatchdog(Date.now());
    let probing = false;
    const tick = () => {
      const step = watchdogStep(
        state,
        {
          now: Date.now(),
          connected: store.getSummary().connection === 'live',
          usedHeapBytes: (performance as Performance & ChromiumMemory).memory?.usedJSHeapSize ?? null,
        },
        config,
      );
      state = step.state;
      if (step.decision.action === 'probe-then-reload' && !probing) {
        probing = true;
        void reloadIfServerAnswers(step.decision.reason).finally(() => {
          probing = false;
        });
      }
    };
    const id = setInterval(tick, TICK_MS);
    return () => clearInterval(id);
  }, [store]);
}

/** Reloads only when the server serves the page: reloading into a browser error page would never recover. */
async function reloadIfServerAnswers(reason: ReloadReason): Promise<void> {
  try {
    const res = await fetch(window.location.pathname, { cache: 'no-store' });
    if (!res.ok) return;
  } catch {
    return; // still unreachable: keep the stale picture and the banner, try again later
  }
  console.warn(`watchdog: reloading the wall (${reason})`);
  window.location.reload();
}
