import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newReportId } from './new-report-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newReportId', () => {
  it('uses randomUUID where there is one', () => {
    expect(newReportId({ randomUUID: () => 'u', getRandomValues: (a) => a })).toBe('u');
  });
  it('builds a v4 UUID from random bytes in an insecure context', () => {
    const ids = new Set(
      Array.from({ length: 50 }, () =>
        newReportId({
          getRandomValues: (a) => webcrypto.getRandomValues(a as unknown as Uint8Array) as never,
        }),
      ),
    );
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(UUID);
  });
});
