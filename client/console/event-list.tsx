import { useEffect, useMemo, useState } from 'react';
import { CATEGORIES, categoryById } from '../../shared/domain/categories';
import { EVENT_STATUSES } from '../../shared/domain/event-status';
import type { GridInfo } from '../../shared/domain/grid';
import { slaState } from '../../shared/domain/sla';
import { categoryName, statusName, t } from '../i18n/t';
import type { LiveStore } from '../state/live-store';
import { searchTarget } from './search-target';

const SEVERITY_RANK = { critical: 0, high: 1, medium: 2, low: 3 } as const;
const WINDOWS = { all: Number.POSITIVE_INFINITY, '1h': 3_600_000, '24h': 86_400_000 } as const;

export interface EventListProps {
  store: LiveStore;
  revision: number;
  gridId: string | null;
  grids: Map<string, GridInfo>;
  onSelectEvent: (id: string) => void;
  onSelectGrid: (id: string) => void;
}

/**
 * Open events, most urgent first (overdue, then severity, then newest), filtered by category, status,
 * time window and the selected grid; the search box finds an event id or a grid by name or code.
 */
export function EventList({ store, revision, gridId, grids, onSelectEvent, onSelectGrid }: EventListProps) {
  const [category, setCategory] = useState('');
  const [status, setStatus] = useState('');
  const [window, setWindow] = useState<keyof typeof WINDOWS>('all');
  const [query, setQuery] = useState('');
  // biome-ignore lint/correctness/useExhaustiveDependencies: revision is the trigger
  const rows = useMemo(() => {
    const now = store.serverNow();
    return store
      .values()
      .filter((e) => !category || e.category === category)
      .filter((e) => !status || e.status === status)
      .filter((e) => now - e.occurredAt <= WINDOWS[window])
      .filter((e) => !gridId || Object.values(e.grid ?? {}).includes(gridId))
      .map((e) => ({ e, sla: slaState(e, now) }))
      .sort(
        (a, b) =>
          Number(b.sla === 'overdue') - Number(a.sla === 'overdue') ||
          SEVERITY_RANK[a.e.severity] - SEVERITY_RANK[b.e.severity] ||
          b.e.occurredAt - a.e.occurredAt,
      )
      .slice(0, 200);
  }, [store, revision, category, status, window, gridId]);

  // A query made before the city's grids were in, run again once they are.
  const [waiting, setWaiting] = useState<string | null>(null);
  const search = (q: string) => {
    const target = searchTarget(q, (id) => store.has(id), grids);
    setWaiting(target.kind === 'wait' ? q : null);
    if (target.kind === 'event') onSelectEvent(target.id);
    else if (target.kind === 'grid') onSelectGrid(target.id);
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the grids arrive, with the query then
  useEffect(() => {
    if (waiting !== null && grids.size > 0) search(waiting);
  }, [grids]);

  return (
    <section className="event-list">
      <div className="filters">
        <select
          aria-label={t('list.category')}
          value={category}
          onChange={(e) => setCategory(e.target.value)}
        >
          <option value="">{t('list.allCategories')}</option>
          {CATEGORIES.map((c) => (
            <option key={c.id} value={c.id}>
              {categoryName(c.id)}
            </option>
          ))}
        </select>
        <select aria-label={t('list.status')} value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">{t('list.allStatuses')}</option>
          {EVENT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {statusName(s)}
            </option>
          ))}
        </select>
        <select
          aria-label={t('list.window')}
          value={window}
          onChange={(e) => setWindow(e.target.value as keyof typeof WINDOWS)}
        >
          <option value="all">{t('list.allTime')}</option>
          <option value="1h">{t('list.lastHour')}</option>
          <option value="24h">{t('list.lastDay')}</option>
        </select>
        <input
          aria-label={t('list.search')}
          placeholder={t('list.searchPlaceholder')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && search(query)}
        />
      </div>
      <table>
        <tbody>
          {rows.map(({ e, sla }) => (
            <tr key={e.id} className={`sla-${sla}`} onClick={() => onSelectEvent(e.id)} data-event-id={e.id}>
              <td className="cat" style={{ color: `rgb(${categoryById(e.category)?.color.join(',')})` }}>
                {categoryName(e.category)}
              </td>
              <td className="desc" data-i18n="data">
                {e.description}
              </td>
              <td>{statusName(e.status)}</td>
              <td>{sla === 'overdue' ? t('sla.overdue') : sla === 'near' ? t('sla.near') : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
