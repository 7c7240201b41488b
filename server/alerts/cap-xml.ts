import type { Position } from '../../shared/geo/geometry';
import { LEVEL_NAMES, LEVEL_NUMERALS } from '../../shared/rules/alert-level';
import type { RulesConfig } from '../../shared/rules/rules-config';
import type { Alert, AlertLevel } from '../../shared/schemas/alert';

export type CapMsgType = 'Alert' | 'Update' | 'Cancel';

/** What a CAP message needs beyond the alert: who sends it, local time, and the area's shape. */
export interface CapContext {
  cap: RulesConfig['cap'];
  utcOffsetMinutes: number;
  areaDesc: string;
  /** Outer rings of the scope grid, [lon, lat]. */
  outline: Position[][];
}

const SEVERITY: Record<AlertLevel, string> = {
  red: 'Extreme',
  orange: 'Severe',
  yellow: 'Moderate',
  blue: 'Minor',
};
const URGENCY: Record<AlertLevel, string> = {
  red: 'Immediate',
  orange: 'Immediate',
  yellow: 'Expected',
  blue: 'Future',
};

/** Escapes text for XML element content and attribute values. */
export function xmlEscape(text: string): string {
  return text.replace(
    /[<>&'"]/g,
    (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', "'": 'apos', '"': 'quot' }[c]};`,
  );
}

/** Local time as CAP writes it: 2020-09-28T09:30:00+08:00 (no fraction, explicit offset). */
export function capTime(t: number, utcOffsetMinutes: number): string {
  const local = new Date(Math.floor(t / 1000) * 1000 + utcOffsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = utcOffsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(utcOffsetMinutes);
  return `${local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The lifecycle in CAP terms: the first message is an Alert, later ones Updates, the end a Cancel. */
export function capMsgType(alert: Alert): CapMsgType {
  if (alert.status === 'resolved' || alert.status === 'closed') return 'Cancel';
  return alert.version === 1 ? 'Alert' : 'Update';
}

/**
 * A message identifier after GB/T 35965.1: the 14-digit sender code (admin code 330383 first), the
 * local send time as yyyyMMddHHmmss, then the alert id and its version, so every message of an
 * alert's life has its own identifier and the first one can be named in `references`.
 */
export function capIdentifier(alert: Alert, sentAt: number, version: number, ctx: CapContext): string {
  const stamp = capTime(sentAt, ctx.utcOffsetMinutes).slice(0, 19).replace(/[-T:]/g, '');
  return `${ctx.cap.senderCode}_${stamp}_${alert.id}_${version}`;
}

/** The alert as a CAP 1.2 message (zh-CN), `msgType` following its lifecycle unless given. */
export function alertToCap(alert: Alert, ctx: CapContext, msgType: CapMsgType = capMsgType(alert)): string {
  const t = (ms: number) => capTime(ms, ctx.utcOffsetMinutes);
  const el = (name: string, value: string | number) => `<${name}>${xmlEscape(String(value))}</${name}>`;
  const sent = msgType === 'Alert' ? alert.firstSeenAt : alert.updatedAt;
  const version = msgType === 'Alert' ? 1 : alert.version;
  const first = capIdentifier(alert, alert.firstSeenAt, 1, ctx);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">',
    el('identifier', capIdentifier(alert, sent, version, ctx)),
    el('sender', ctx.cap.sender),
    el('sent', t(sent)),
    el('status', 'Actual'),
    el('msgType', msgType),
    el('scope', 'Public'),
  ];
  if (msgType !== 'Alert') lines.push(el('references', `${ctx.cap.sender},${first},${t(alert.firstSeenAt)}`));
  if (alert.members.length > 0) lines.push(el('incidents', alert.members.map((m) => m.id).join(' ')));
  const level = alert.level;
  const over = msgType === 'Cancel';
  lines.push(
    '<info>',
    el('language', 'zh-CN'),
    el('category', alert.capCategory),
    el('event', alert.title),
    el('responseType', over ? 'AllClear' : 'Monitor'),
    el('urgency', over ? 'Past' : URGENCY[level]),
    el('severity', SEVERITY[level]),
    el('certainty', alert.certainty),
    `<eventCode>${el('valueName', 'GB/T 35965.1 预警级别')}${el('value', LEVEL_NUMERALS[level])}</eventCode>`,
    el('effective', t(alert.firstSeenAt)),
    el('senderName', ctx.cap.senderName),
    el('headline', `${LEVEL_NAMES[level]}预警（${LEVEL_NUMERALS[level]}级）：${alert.title}`),
    el('description', description(alert)),
    `<parameter>${el('valueName', 'rule')}${el('value', alert.rule)}</parameter>`,
    `<parameter>${el('valueName', 'count')}${el('value', alert.count)}</parameter>`,
    '<area>',
    el('areaDesc', ctx.areaDesc),
    ...ctx.outline.filter((r) => r.length >= 4).map((ring) => el('polygon', capPolygon(ring))),
  );
  if (ctx.outline.length === 0 && alert.lat !== null && alert.lon !== null)
    lines.push(el('circle', `${coord(alert.lat)},${coord(alert.lon)} 0.2`));
  lines.push('</area>', '</info>', '</alert>');
  return `${lines.join('\n')}\n`;
}

function description(alert: Alert): string {
  const status = {
    raised: '',
    acknowledged: '已确认',
    assigned: `已指派：${alert.assignee ?? ''}`,
    resolved: '已解除',
    closed: '已关闭',
  };
  const suffix = status[alert.status] ? `（${status[alert.status]}）` : '';
  return `${alert.description}${suffix}。累计${alert.count}次。`;
}

/** A closed ring as CAP writes it: space-separated "lat,lon" pairs, first and last the same. */
export function capPolygon(ring: readonly Position[]): string {
  const pairs = ring.map(([lon, lat]) => `${coord(lat)},${coord(lon)}`);
  if (pairs[0] !== pairs[pairs.length - 1]) pairs.push(pairs[0]!);
  return pairs.join(' ');
}

const coord = (v: number) => String(Math.round(v * 1e6) / 1e6);
const pad = (n: number) => String(n).padStart(2, '0');
