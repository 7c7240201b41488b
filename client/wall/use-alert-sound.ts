import { useEffect, useMemo, useRef } from 'react';
import type { Alert } from '../../shared/schemas/alert';
import {
  type AlertPlayer,
  type Chime,
  chimeFor,
  createAlertPlayer,
  resolveSound,
  SOUND_STORAGE_KEY,
} from './alert-sound';

/** What browser tests read on window.__cityBrain.sound: the setting and the chimes played so far. */
export interface SoundHooks {
  enabled: boolean;
  played: Record<Chime, number>;
  /** The audio context's state, 'none' before the first chime. */
  state: () => string;
}

declare module '../pages/test-hooks' {
  interface CityBrainHooks {
    sound?: SoundHooks;
  }
}

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** The sound setting from the URL or storage, remembered for the watchdog's reloads. */
function soundSetting(): boolean {
  const enabled = resolveSound(window.location.search, storage()?.getItem(SOUND_STORAGE_KEY) ?? null);
  storage()?.setItem(SOUND_STORAGE_KEY, String(enabled));
  return enabled;
}

/**
 * Rings for new red and orange alerts when the wall's sound is on (`?sound=1`): a sharp tone for red,
 * a softer one for orange, never for what was already active when the page loaded. Takes the store's
 * `active` list, which changes only with the alerts (risk updates leave it as it is), and whether the
 * store has received its first snapshot: the list then is what was up at load (a wall may render
 * first with it already in, main.tsx).
 */
export function useAlertSound(active: readonly Alert[], received: boolean): void {
  const enabled = useMemo(soundSetting, []);
  const player = useRef<AlertPlayer | null>(null);
  const rung = useRef<Set<string> | null>(null);
  const hooks = useRef<SoundHooks>({ enabled, played: { red: 0, orange: 0 }, state: () => 'none' });

  useEffect(() => {
    if (window.__cityBrain) window.__cityBrain.sound = hooks.current;
  }, []);

  useEffect(() => {
    if (!received) return;
    const initial = rung.current === null;
    rung.current ??= new Set();
    const chime = chimeFor(active, rung.current, initial);
    if (!chime || !enabled) return;
    player.current ??= createAlertPlayer();
    const p = player.current;
    hooks.current.state = () => p.state();
    try {
      p.play(chime);
      hooks.current.played[chime]++;
    } catch (err) {
      console.warn('alert sound:', (err as Error).message);
    }
  }, [active, received, enabled]);
}
