import Type, { type Static } from 'typebox';
import { maskPhone } from '../auth/mask';
import { parseCityTime, startOfCityDay } from '../util/city-day';

/**
 * The duty roster (值班表): who is on duty at city level and in each district, shift by shift. It
 * arrives as CSV from the duty office; this module parses it (every bad row named by line number),
 * picks who is on duty now and today, and masks contacts for screens that may not see them.
 */

export const DUTY_ROLES = ['leader', 'officer'] as const;
export type DutyRole = (typeof DUTY_ROLES)[number];
export const DUTY_ROLE_NAMES: Record<DutyRole, string> = { leader: '带班领导', officer: '值班员' };

export const RosterEntrySchema = Type.Object(
  {
    /** `city` or a district id. */
    scope: Type.String(),
    role: Type.Enum(DUTY_ROLES),
    name: Type.String(),
    phone: Type.String(),
    start: Type.Number(),
    end: Type.Number(),
  },
  { additionalProperties: false },
);
export type RosterEntry = Static<typeof RosterEntrySchema>;

export const ROSTER_COLUMNS = ['scope', 'role', 'name', 'phone', 'start', 'end'] as const;
/** Most rows one import may carry: a year of shifts for the city and nine districts fits easily. */
export const MAX_ROSTER_ROWS = 20_000;
/** A longer shift is almost surely a typo in a date. */
const MAX_SHIFT_MS = 48 * 3_600_000;
const PHONE = /^[0-9+() -]{3,20}$/;

export interface RosterProblem {
  line: number;
  message: string;
}
export type RosterParse = { ok: true; entries: RosterEntry[] } | { ok: false; problems: RosterProblem[] };

/**
 * Parses a roster CSV: a header naming the six columns (any order), then one shift per line. Times
 * are city-local ("2025-01-15 08:00") or ISO with an offset. Blank lines are skipped; fields may be
 * quoted ("…" with "" for a quote). All or nothing: any bad row makes the whole file bad.
 */
export function parseRosterCsv(text: string, timeZone: string, scopes: ReadonlySet<string>): RosterParse {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const problems: RosterProblem[] = [];
  const header = splitCsvLine(lines[0] ?? '');
  const columns = header?.map((h) => h.trim().toLowerCase()) ?? [];
  const missing = ROSTER_COLUMNS.filter((c) => !columns.includes(c));
  if (!header || missing.length > 0) {
    return {
      ok: false,
      problems: [
        {
          line: 1,
          message: `header must name ${ROSTER_COLUMNS.join(',')}; missing ${missing.join(', ') || 'a valid header'}`,
        },
      ],
    };
  }
  const at = (fields: string[], c: (typeof ROSTER_COLUMNS)[number]) =>
    (fields[columns.indexOf(c)] ?? '').trim();
  const entries: RosterEntry[] = [];
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '') continue;
    const line = i + 1;
    const fields = splitCsvLine(raw);
    if (!fields) {
      problems.push({ line, message: 'unbalanced quotes' });
      continue;
    }
    if (fields.length !== columns.length) {
      problems.push({ line, message: `expected ${columns.length} fields, got ${fields.length}` });
      continue;
    }
    const scope = at(fields, 'scope');
    const role = at(fields, 'role');
    const name = at(fields, 'name');
    const phone = at(fields, 'phone');
    const start = parseCityTime(at(fields, 'start'), timeZone);
    const end = parseCityTime(at(fields, 'end'), timeZone);
    const bad = (message: string) => problems.push({ line, message });
    if (!scopes.has(scope)) bad(`unknown scope "${scope}" (city or a district id)`);
    if (!(DUTY_ROLES as readonly string[]).includes(role))
      bad(`unknown role "${role}" (${DUTY_ROLES.join(' or ')})`);
    if (name === '' || name.length > 32) bad('name must be 1–32 characters');
    if (!PHONE.test(phone)) bad(`phone "${phone}" is not a phone number`);
    if (start === null) bad(`start "${at(fields, 'start')}" is not a time (YYYY-MM-DD HH:mm)`);
    if (end === null) bad(`end "${at(fields, 'end')}" is not a time (YYYY-MM-DD HH:mm)`);
    if (start !== null && end !== null && end <= start) bad('end must be after start');
    if (start !== null && end !== null && end - start > MAX_SHIFT_MS)
      bad('a shift may last at most 48 hours');
    if (problems.length === 0 || problems[problems.length - 1]!.line !== line) {
      entries.push({ scope, role: role as DutyRole, name, phone, start: start!, end: end! });
    }
  }
  if (entries.length + problems.length === 0) problems.push({ line: 1, message: 'the roster has no shifts' });
  if (entries.length > MAX_ROSTER_ROWS)
    problems.push({ line: 1, message: `at most ${MAX_ROSTER_ROWS} shifts` });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, entries: sortRoster(entries) };
}

/** One CSV line's fields, or null when a quote is left open. */
export function splitCsvLine(line: string): string[] | null {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  if (quoted) return null;
  fields.push(field);
  return fields;
}

/** City first, then districts in id order; leaders before officers; earlier shifts first. */
export function sortRoster(entries: RosterEntry[]): RosterEntry[] {
  const scopeKey = (s: string) => (s === 'city' ? '' : s);
  return [...entries].sort(
    (a, b) =>
      scopeKey(a.scope).localeCompare(scopeKey(b.scope)) ||
      DUTY_ROLES.indexOf(a.role) - DUTY_ROLES.indexOf(b.role) ||
      a.start - b.start,
  );
}

/** Shifts running at `now` (start inclusive, end exclusive). */
export function onDuty(entries: readonly RosterEntry[], now: number): RosterEntry[] {
  return entries.filter((e) => e.start <= now && now < e.end);
}

/** Shifts that overlap the city-local day containing `now`. */
export function dutyToday(entries: readonly RosterEntry[], now: number, timeZone: string): RosterEntry[] {
  const dayStart = startOfCityDay(now, timeZone);
  const dayEnd = startOfCityDay(dayStart + 36 * 3_600_000, timeZone);
  return entries.filter((e) => e.start < dayEnd && e.end > dayStart);
}

/** The entry as a screen without `personal:read` may see it: the duty officer's name, a masked phone. */
export function maskRosterEntry(e: RosterEntry): RosterEntry {
  return { ...e, phone: maskPhone(e.phone) };
}
