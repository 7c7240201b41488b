import { describe, expect, it } from 'vitest';
import { pageOf } from './route';

describe('pageOf', () => {
  it('routes /console and /report, and everything else to the wall', () => {
    expect(pageOf('/console')).toBe('console');
    expect(pageOf('/console/events/e1')).toBe('console');
    expect(pageOf('/report')).toBe('report');
    expect(pageOf('/wall')).toBe('wall');
    expect(pageOf('/')).toBe('wall');
    expect(pageOf('/consoles')).toBe('wall');
  });
});
