import { describe, expect, it } from 'vitest';
import type { Alert } from '../../shared/schemas/alert';
import { CHIMES, chimeFor, resolveSound } from './alert-sound';

const alert = (id: string, level: Alert['level']) => ({ id, level }) as Alert;

describe('resolveSound', () => {
  it('is off by default', () => {
    expect(resolveSound('', null)).toBe(false);
    expect(resolveSound('?token=x', 'garbage')).toBe(false);
  });
  it('takes ?sound= over what was stored, and falls back to the stored choice', () => {
    expect(resolveSound('?token=x&sound=1', null)).toBe(true);
    expect(resolveSound('?sound=on', 'false')).toBe(true);
    expect(resolveSound('?sound=0', 'true')).toBe(false);
    expect(resolveSound('?token=x', 'true')).toBe(true);
    expect(resolveSound('?sound=maybe', 'true')).toBe(true);
  });
});

describe('chimeFor', () => {
  it('rings nothing for what was already active when the wall started', () => {
    const rung = new Set<string>();
    expect(chimeFor([alert('a', 'red'), alert('b', 'orange')], rung, true)).toBeNull();
    expect(chimeFor([alert('a', 'red'), alert('b', 'orange')], rung, false)).toBeNull();
  });
  it('rings red for a new red alert, the softer orange for a new orange one, never for lower levels', () => {
    const rung = new Set<string>();
    chimeFor([], rung, true);
    expect(chimeFor([alert('y', 'yellow'), alert('b', 'blue')], rung, false)).toBeNull();
    expect(chimeFor([alert('o', 'orange')], rung, false)).toBe('orange');
    expect(chimeFor([alert('o', 'orange'), alert('r', 'red')], rung, false)).toBe('red');
    expect(chimeFor([alert('o', 'orange'), alert('r', 'red')], rung, false)).toBeNull();
  });
  it('rings once per update, the most severe, and again when an orange alert turns red', () => {
    const rung = new Set<string>();
    chimeFor([], rung, true);
    expect(chimeFor([alert('o1', 'orange'), alert('r1', 'red'), alert('o2', 'orange')], rung, false)).toBe(
      'red',
    );
    expect(chimeFor([alert('o1', 'red')], rung, false)).toBe('red');
    // Only alerts still active are remembered (a wall runs for weeks).
    expect([...rung].sort()).toEqual(['o1|orange', 'o1|red']);
  });
  it('keeps the red chime louder and longer than the orange one', () => {
    const peak = (c: keyof typeof CHIMES) => Math.max(...CHIMES[c].map((n) => n.gain));
    const end = (c: keyof typeof CHIMES) => Math.max(...CHIMES[c].map((n) => n.at + n.length));
    expect(peak('red')).toBeGreaterThan(peak('orange'));
    expect(end('red')).toBeGreaterThan(end('orange'));
    expect(end('red')).toBeLessThan(3);
  });
});
