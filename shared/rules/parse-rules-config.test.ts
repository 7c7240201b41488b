import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeProblems, parseRulesConfig } from './parse-rules-config';

const raw = () =>
  JSON.parse(readFileSync(new URL('../../data/longgang/rules.json', import.meta.url), 'utf8'));

describe('rules config validation', () => {
  it('accepts the city config', () => {
    expect(parseRulesConfig(raw()).ok).toBe(true);
  });

  it('names every bad field: types, unknown keys, thresholds out of order, windows, suppressions', () => {
    const typed = raw();
    typed.evaluateMs = 'fast';
    typed.rules.sla.colour = 'red';
    const r1 = parseRulesConfig(typed);
    expect(r1.ok).toBe(false);
    if (r1.ok) return;
    expect(r1.problems).toEqual(
      expect.arrayContaining([
        { field: '/evaluateMs', message: 'must be integer' },
        { field: '/rules/sla', message: 'unknown properties: colour' },
      ]),
    );
    const logic = raw();
    logic.rules['key-area'].crowd.red = 0.5;
    logic.rules.surge.bucketMinutes = 7;
    logic.suppressions = [{ id: 's', from: 10, to: 5, reason: '' }];
    const r2 = parseRulesConfig(logic);
    if (r2.ok) throw new Error('accepted');
    expect(describeProblems(r2.problems)).toBe(
      '/rules/key-area/crowd/red: must be >= orange (0.95); /rules/surge/bucketMinutes: must divide windowMinutes; /suppressions/0/to: must be after from',
    );
  });
});
