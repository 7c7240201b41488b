import { groupedNumber } from '../i18n/number-format';

/** Text for the wall's KPI figures; a dash where there is nothing to measure yet, never a false zero. */
export const NO_VALUE = '—';

export function formatCount(n: number | null | undefined, locale: string): string {
  return n === null || n === undefined ? NO_VALUE : groupedNumber(n, locale);
}

/** 0.375 → "37.5%"; whole percentages lose the ".0". */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return NO_VALUE;
  const pct = Math.round(rate * 1000) / 10;
  return `${Number.isInteger(pct) ? pct.toFixed(0) : pct.toFixed(1)}%`;
}

/** Minutes, with one decimal under 10 (where it matters) and none above. */
export function formatMinutes(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined) return NO_VALUE;
  return minutes < 10 ? minutes.toFixed(1) : Math.round(minutes).toString();
}
