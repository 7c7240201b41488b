import { subcategoryOf } from '../domain/categories';
import { isFinalStatus } from '../domain/event-status';
import type { GridEvent } from '../schemas/event';
import type { RulesConfig } from './rules-config';
import { type Signal, scopeAt } from './signal';

/**
 * Any open event flagged with a key person raises an alert at once, routed to the grid team. The
 * alert says that a key person is involved and nothing about who: personal data stays on the
 * event, where it is masked per role.
 */
export function keyPersonEvaluate(
  events: Iterable<GridEvent>,
  config: RulesConfig['rules']['key-person'],
): Signal[] {
  const signals: Signal[] = [];
  for (const e of events) {
    if (!e.keyPerson || isFinalStatus(e.status)) continue;
    const sub = subcategoryOf(e.category, e.subcategory)?.name ?? e.subcategory;
    signals.push({
      rule: 'key-person',
      key: `key-person:${e.id}`,
      level: config.level,
      scope: scopeAt(e.grid, e.grid ? 'full' : 'city'),
      title: `重点人员关联事件：${sub}`,
      description: `事件 ${e.id}（${sub}）涉及重点人员，请立即核查处置。人员信息按权限脱敏。`,
      lon: e.lon,
      lat: e.lat,
      eventIds: [e.id],
      capCategory: 'Security',
      certainty: 'Observed',
      keyPerson: true,
    });
  }
  return signals;
}
