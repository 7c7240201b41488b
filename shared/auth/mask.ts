import type { GridEvent, Reporter } from '../schemas/event';

/** "13812341234" → "138****1234"; shorter numbers keep only their last two digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length >= 11) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  return digits.length > 2 ? `${'*'.repeat(digits.length - 2)}${digits.slice(-2)}` : '**';
}

/** "张三丰" → "张**": the family name stays, so a duty officer can still address the person. */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

export function maskReporter(r: Reporter): Reporter {
  return {
    ...(r.name === undefined ? {} : { name: maskName(r.name) }),
    ...(r.phone === undefined ? {} : { phone: maskPhone(r.phone) }),
  };
}

/** The event as someone without `personal:read` may see it. */
export function maskEvent(e: GridEvent): GridEvent {
  return e.reporter ? { ...e, reporter: maskReporter(e.reporter) } : e;
}
