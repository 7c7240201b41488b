import { SEVERITIES, subcategoryOf } from '../domain/categories';
import { escalationLevel, slaState } from '../domain/sla';
import type { GridEvent } from '../schemas/event';
import type { RulesConfig } from './rules-config';
import { capCategoryOf, type Signal, scopeAt } from './signal';

const LEVEL_WORDS = { full: '网格', community: '社区', district: '片区', city: '市级' } as const;

/**
 * Events near or past their handling deadline. An overdue event's alert moves one grid level up
 * (community), and again (district, city) for every further time limit it stays unhandled; the
 * alert's scope follows, so the team that must answer for it sees it.
 */
export function slaEvaluate(
  events: Iterable<GridEvent>,
  now: number,
  config: RulesConfig['rules']['sla'],
): Signal[] {
  const minRank = SEVERITIES.indexOf(config.minSeverity);
  const signals: Signal[] = [];
  for (const e of events) {
    if (SEVERITIES.indexOf(e.severity) < minRank) continue;
    const state = slaState(e, now);
    if (state !== 'near' && state !== 'overdue') continue;
    const sub = subcategoryOf(e.category, e.subcategory)?.name ?? e.subcategory;
    const base = { rule: 'sla' as const, key: `sla:${e.id}`, lon: e.lon, lat: e.lat, eventIds: [e.id] };
    const cap = { capCategory: capCategoryOf(e.category, e.subcategory), certainty: 'Observed' as const };
    if (state === 'near') {
      if (!config.near) continue;
      const minutes = Math.max(0, Math.round((e.dueAt! - now) / 60_000));
      signals.push({
        ...base,
        ...cap,
        level: config.near,
        scope: scopeAt(e.grid, e.grid ? 'full' : 'city'),
        title: `${sub}事件即将超时`,
        description: `事件 ${e.id}（${sub}）距处置时限还剩${minutes}分钟，承办：${e.assignee ?? '未指定'}`,
      });
      continue;
    }
    const up = escalationLevel(e, now) as 'community' | 'district' | 'city';
    const minutes = Math.round((now - e.dueAt!) / 60_000);
    signals.push({
      ...base,
      ...cap,
      level: config.overdue[up],
      scope: scopeAt(e.grid, up),
      title: `${sub}事件超时未办结，升级${LEVEL_WORDS[up]}督办`,
      description: `事件 ${e.id}（${sub}）已超过处置时限${minutes}分钟，承办：${e.assignee ?? '未指定'}，已升级至${LEVEL_WORDS[up]}督办`,
    });
  }
  return signals;
}
