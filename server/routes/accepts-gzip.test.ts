import { describe, expect, it } from 'vitest';
import { acceptsGzip } from './grids';

describe('acceptsGzip', () => {
  it('takes gzip as browsers send it, and a wildcard', () => {
    expect(acceptsGzip('gzip, deflate, br, zstd')).toBe(true);
    expect(acceptsGzip('br;q=1.0, gzip;q=0.8')).toBe(true);
    expect(acceptsGzip('*')).toBe(true);
  });

  it('refuses a missing header, other codings and gzip with q=0', () => {
    expect(acceptsGzip(undefined)).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip('deflate, br')).toBe(false);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('GZIP; q=0.0, deflate')).toBe(false);
    // Named with q=0, gzip is refused even though the wildcard would take anything.
    expect(acceptsGzip('gzip;q=0, *')).toBe(false);
    expect(acceptsGzip('*;q=0')).toBe(false);
  });
});
