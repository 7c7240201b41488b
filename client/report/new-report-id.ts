/**
 * A fresh id for a report, made on the phone so that a retry is stored once. `crypto.randomUUID`
 * exists only in secure contexts; a phone on the command centre's LAN over plain http gets a v4 UUID
 * built from `getRandomValues`, which every browser has.
 */
export function newReportId(
  c: Pick<Crypto, 'getRandomValues'> & { randomUUID?: () => string } = crypto,
): string {
  if (typeof c.randomUUID === 'function') return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
