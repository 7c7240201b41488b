const formats = new Map<string, Intl.NumberFormat>();

/**
 * A number with the locale's grouping ("12,345"), through one Intl.NumberFormat per locale:
 * `toLocaleString(locale)` builds a new formatter on every call, and the wall formats a dozen figures
 * on every live batch.
 */
export function groupedNumber(n: number, locale: string): string {
  let f = formats.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale);
    formats.set(locale, f);
  }
  return f.format(n);
}
