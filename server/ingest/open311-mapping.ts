import { CATEGORIES, subcategoryOf } from '../../shared/domain/categories';
import { type EventStatus, isFinalStatus } from '../../shared/domain/event-status';
import type { EventInput, GridEvent, Reporter } from '../../shared/schemas/event';
import { utcOffsetMinutes } from '../../shared/util/time';

/** One Open311 service: a subcategory of the event taxonomy. */
export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: false;
  type: 'realtime';
  keywords: string;
  group: string;
}

/** The taxonomy's subcategories as Open311 services, coded `category.subcategory`. */
export function open311Services(): Open311Service[] {
  return CATEGORIES.flatMap((c) =>
    c.subcategories.map((s) => ({
      service_code: `${c.id}.${s.id}`,
      service_name: s.name,
      description: `${c.name} · ${s.name}: handled within ${s.limitHours} h of dispatch`,
      metadata: false as const,
      type: 'realtime' as const,
      keywords: `${c.id},${s.id},${c.nameEn}`,
      group: c.name,
    })),
  );
}

/** The category and subcategory a service code names, or null when the taxonomy has no such service. */
export function parseServiceCode(code: string): { category: string; subcategory: string } | null {
  const [category = '', subcategory = '', ...rest] = code.split('.');
  return rest.length === 0 && subcategoryOf(category, subcategory) ? { category, subcategory } : null;
}

/** The spec's two statuses over the lifecycle: closed once nothing more is owed (closed, cancelled). */
export function open311Status(status: EventStatus): 'open' | 'closed' {
  return isFinalStatus(status) ? 'closed' : 'open';
}

/** The POST requests.json fields this server uses; the rest of the spec's fields are accepted and ignored. */
export interface Open311Post {
  service_code: string;
  lat?: string | number;
  long?: string | number;
  address_string?: string;
  description?: string;
  first_name?: string;
  last_name?: string;
  phone?: string;
}

/**
 * A new service request as an event. The position is required (this server does not geocode);
 * an address string is kept in the description, the only free text an event has. Field-level checks
 * (ranges, lengths) are left to EventInputSchema so that HTTP and Open311 agree.
 */
export function eventInputOf(
  post: Open311Post,
  kind: { category: string; subcategory: string },
): EventInput | string {
  const lat = coordinate(post.lat);
  const lon = coordinate(post.long);
  if (lat === undefined || lon === undefined) return 'lat and long are required (addresses are not geocoded)';
  if (Number.isNaN(lat) || Number.isNaN(lon)) return 'lat and long must be decimal degrees (WGS-84)';
  const address = post.address_string?.trim();
  const description = [post.description?.trim(), address && `地址：${address}`].filter(Boolean).join('\n');
  const name = personName(post.first_name?.trim(), post.last_name?.trim());
  const phone = post.phone?.trim();
  const reporter: Reporter = { ...(name ? { name } : {}), ...(phone ? { phone } : {}) };
  return {
    source: 'open311',
    ...kind,
    lon,
    lat,
    description,
    ...(name || phone ? { reporter } : {}),
  };
}

/** A service request as the spec's GET requests.json shows it. */
export interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number;
  long: number;
  media_url: string | null;
}

/**
 * An event as a service request: the last lifecycle note is its status note, the team it was
 * dispatched to the agency responsible, its deadline the expected time, its micro-grid its address id.
 * The reporter is left out: Open311 lists are public, reporters are personal data.
 */
export function serviceRequestOf(event: GridEvent, lastNote: string, timeZone: string): Open311Request {
  const sub = subcategoryOf(event.category, event.subcategory);
  return {
    service_request_id: event.id,
    status: open311Status(event.status),
    status_notes: lastNote || null,
    service_name: sub?.name ?? event.subcategory,
    service_code: `${event.category}.${event.subcategory}`,
    description: event.description,
    agency_responsible: event.assignee,
    service_notice: serviceNotice(event),
    requested_datetime: isoLocal(event.occurredAt, timeZone),
    updated_datetime: isoLocal(event.updatedAt, timeZone),
    expected_datetime: event.dueAt === null ? null : isoLocal(event.dueAt, timeZone),
    address: null,
    address_id: event.grid?.micro ?? null,
    zipcode: null,
    lat: event.lat,
    long: event.lon,
    media_url: null,
  };
}

/** What a reporter is told: the service's time limit, counted from dispatch. */
export function serviceNotice(kind: { category: string; subcategory: string }): string | null {
  const sub = subcategoryOf(kind.category, kind.subcategory);
  return sub ? `Handled within ${sub.limitHours} h of dispatch` : null;
}

/** ISO 8601 with the zone's offset and whole seconds, e.g. 2020-09-28T08:15:30+08:00. */
export function isoLocal(at: number, timeZone: string): string {
  const offset = utcOffsetMinutes(timeZone, at);
  const local = new Date(Math.floor(at / 1000) * 1000 + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Epoch ms of a W3C datetime that names its zone (Z or ±HH:MM), as the spec requires; else NaN. */
export function parseW3cDatetime(text: string): number {
  const ok = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text);
  return ok ? Date.parse(text) : Number.NaN;
}

function coordinate(value: string | number | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'number') return value;
  return /^\s*[-+]?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : Number.NaN;
}

/** Chinese names run family name first, with no space; others "first last". */
function personName(first?: string, last?: string): string | undefined {
  if (!first && !last) return undefined;
  const cjk = /[\u3400-\u9fff]/.test(`${first ?? ''}${last ?? ''}`);
  return cjk ? `${last ?? ''}${first ?? ''}` : [first, last].filter(Boolean).join(' ');
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
