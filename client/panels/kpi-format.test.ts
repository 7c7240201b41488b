import { describe, expect, it } from 'vitest';
import { formatCount, formatMinutes, formatRate, NO_VALUE } from './kpi-format';

describe('KPI formatting', () => {
  it('formats rates as percentages', () => {
    expect(formatRate(0.375)).toBe('37.5%');
    expect(formatRate(1)).toBe('100%');
    expect(formatRate(0)).toBe('0%');
    expect(formatRate(null)).toBe(NO_VALUE);
  });
  it('formats minutes, with a decimal only when short', () => {
    expect(formatMinutes(4.25)).toBe('4.3');
    expect(formatMinutes(47.5)).toBe('48');
    expect(formatMinutes(undefined)).toBe(NO_VALUE);
  });
  it('groups counts by locale', () => {
    expect(formatCount(12345, 'en')).toBe('12,345');
    expect(formatCount(null, 'zh-CN')).toBe(NO_VALUE);
  });
});
