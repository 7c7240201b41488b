import { LEVEL_NAMES } from '../../shared/rules/alert-level';
import type { RulesConfig } from '../../shared/rules/rules-config';
import type { Alert } from '../../shared/schemas/alert';
import { capTime, xmlEscape } from './cap-xml';

/**
 * An Atom 1.0 index of active alerts, one entry per alert linking to its CAP message, newest first:
 * the usual way CAP aggregators discover messages.
 */
export function capAtomFeed(
  alerts: readonly Alert[],
  opts: { baseUrl: string; cap: RulesConfig['cap']; utcOffsetMinutes: number; title: string; now: number },
): string {
  const t = (ms: number) => capTime(ms, opts.utcOffsetMinutes);
  const el = (name: string, value: string) => `<${name}>${xmlEscape(value)}</${name}>`;
  const sorted = [...alerts].sort((a, b) => b.updatedAt - a.updatedAt);
  const updated = sorted[0]?.updatedAt ?? opts.now;
  const entries = sorted.map((a) =>
    [
      '  <entry>',
      `    ${el('id', `urn:citybrain:${opts.cap.senderCode}:alert:${a.id}:${a.version}`)}`,
      `    ${el('title', `[${LEVEL_NAMES[a.level]}] ${a.title}`)}`,
      `    ${el('updated', t(a.updatedAt))}`,
      `    ${el('published', t(a.firstSeenAt))}`,
      `    <link rel="alternate" type="application/cap+xml" href="${xmlEscape(`${opts.baseUrl}/api/alerts/${encodeURIComponent(a.id)}/cap`)}"/>`,
      `    <category term="${a.level}" label="${xmlEscape(LEVEL_NAMES[a.level])}"/>`,
      `    ${el('summary', a.description)}`,
      '  </entry>',
    ].join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
    `  ${el('id', `urn:citybrain:${opts.cap.senderCode}:alerts`)}`,
    `  ${el('title', opts.title)}`,
    `  ${el('updated', t(updated))}`,
    `  <link rel="self" href="${xmlEscape(`${opts.baseUrl}/api/cap/feed`)}"/>`,
    `  <author>${el('name', opts.cap.senderName)}</author>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
