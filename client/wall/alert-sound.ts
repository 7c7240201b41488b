import type { Alert } from '../../shared/schemas/alert';

/** Which tone to play: a sharp one for red (I), a softer one for orange (II). */
export type Chime = 'red' | 'orange';

/** Where the wall keeps its sound setting, so that the watchdog's reload keeps it too. */
export const SOUND_STORAGE_KEY = 'citybrain.sound';

/**
 * Whether the wall rings: `?sound=1` (or on/true/yes) turns it on, `?sound=0` (off/false/no) off, and
 * either is remembered; without the parameter the stored choice holds. Off by default: a wall has no
 * keyboard, its URL is its settings.
 */
export function resolveSound(search: string, stored: string | null): boolean {
  const flag = (v: string | null) => {
    const s = v?.trim().toLowerCase();
    if (s === '1' || s === 'on' || s === 'true' || s === 'yes') return true;
    if (s === '0' || s === 'off' || s === 'false' || s === 'no') return false;
    return null;
  };
  return flag(new URLSearchParams(search).get('sound')) ?? flag(stored) ?? false;
}

/**
 * The tone for this update of the active alerts, or null: a red or orange alert the wall has not rung
 * for at this level (a new one, or one escalated from orange to red). One tone per update, the most
 * severe, so a burst of alerts is one alarm, not a cacophony. On the first call (`initial`, `rung`
 * empty) everything already active counts as rung: a wall that starts or reloads does not replay old
 * alarms. `rung` is updated, and forgets alerts no longer active (a wall runs for weeks).
 */
export function chimeFor(active: readonly Alert[], rung: Set<string>, initial: boolean): Chime | null {
  let chime: Chime | null = null;
  const ids = new Set(active.map((a) => a.id));
  for (const key of rung) if (!ids.has(key.slice(0, key.lastIndexOf('|')))) rung.delete(key);
  for (const a of active) {
    if (a.level !== 'red' && a.level !== 'orange') continue;
    const key = `${a.id}|${a.level}`;
    if (rung.has(key)) continue;
    rung.add(key);
    if (initial) continue;
    if (a.level === 'red') chime = 'red';
    else chime ??= 'orange';
  }
  return chime;
}

/** A note: frequency (Hz), start and length (s) after the chime begins, peak gain. */
interface Note {
  hz: number;
  at: number;
  length: number;
  gain: number;
  wave: OscillatorType;
}

/** Red: three urgent two-tone beeps (about 1.5 s). Orange: two soft notes (about 0.7 s). */
export const CHIMES: Record<Chime, readonly Note[]> = {
  red: [0, 0.5, 1].flatMap((t) => [
    { hz: 988, at: t, length: 0.2, gain: 0.3, wave: 'square' as const },
    { hz: 740, at: t + 0.22, length: 0.2, gain: 0.3, wave: 'square' as const },
  ]),
  orange: [
    { hz: 660, at: 0, length: 0.3, gain: 0.15, wave: 'sine' },
    { hz: 523, at: 0.35, length: 0.35, gain: 0.15, wave: 'sine' },
  ],
};

export interface AlertPlayer {
  play(chime: Chime): void;
  /** The audio context's state ('suspended' until autoplay is allowed or the page was touched). */
  state(): string;
}

/**
 * Plays chimes generated with WebAudio: oscillators with a short gain envelope, no audio files. The
 * context is made on the first chime; Chromium keeps it suspended without a user gesture unless it
 * runs with --autoplay-policy=no-user-gesture-required (see the README), so each chime asks to resume.
 */
export function createAlertPlayer(): AlertPlayer {
  let ctx: AudioContext | null = null;
  return {
    play(chime) {
      ctx ??= new AudioContext();
      void ctx.resume().catch(() => undefined);
      const start = ctx.currentTime + 0.05;
      for (const n of CHIMES[chime]) {
        const osc = ctx.createOscillator();
        const gain = ctx.createGain();
        osc.type = n.wave;
        osc.frequency.value = n.hz;
        gain.gain.setValueAtTime(0, start + n.at);
        gain.gain.linearRampToValueAtTime(n.gain, start + n.at + 0.02);
        gain.gain.setValueAtTime(n.gain, start + n.at + n.length - 0.05);
        gain.gain.linearRampToValueAtTime(0, start + n.at + n.length);
        osc.connect(gain).connect(ctx.destination);
        osc.start(start + n.at);
        osc.stop(start + n.at + n.length + 0.01);
      }
    },
    state: () => ctx?.state ?? 'none',
  };
}
