import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildResponsibilities } from './responsibilities';

describe('buildResponsibilities', () => {
  it('is what data/longgang/responsibilities.json holds, byte for byte', () => {
    const committed = readFileSync('data/longgang/responsibilities.json', 'utf8');
    expect(committed).toBe(`${JSON.stringify(buildResponsibilities(), null, 2)}\n`);
  });
  it('gives unique item names within each list', () => {
    for (const list of buildResponsibilities().lists) {
      expect(new Set(list.items.map((i) => i.name)).size, list.id).toBe(list.items.length);
    }
  });
});
