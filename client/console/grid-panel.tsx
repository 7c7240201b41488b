import { useEffect, useState } from 'react';
import { CATEGORIES } from '../../shared/domain/categories';
import type { GridInfo } from '../../shared/domain/grid';
import type { GridCounts } from '../../shared/domain/grid-counts';
import { slaState } from '../../shared/domain/sla';
import { categoryName, formatNumber, t } from '../i18n/t';
import { getJson } from '../net/api';
import type { LiveStore } from '../state/live-store';

interface GridDetail {
  grid: GridInfo;
  parents: GridInfo[];
  childrenCounts: Record<string, number>;
  team: { gridId: string; members: { name: string; role: string; phone: string }[] }[];
  keyAreas: { id: string; name: string; type: string }[];
}

export interface GridPanelProps {
  grid: GridInfo;
  store: LiveStore;
  counts: Map<string, GridCounts>;
  now: number;
  onSelectGrid: (id: string | null) => void;
  onSelectEvent: (id: string) => void;
}

/** Drill-down for one grid at any level: breadcrumbs, live counts by category, overdue list, team, key areas. */
export function GridPanel({ grid, store, counts, now, onSelectGrid, onSelectEvent }: GridPanelProps) {
  const [detail, setDetail] = useState<GridDetail | null>(null);
  useEffect(() => {
    getJson<GridDetail>(`/api/grids/${encodeURIComponent(grid.id)}`).then(setDetail, () => setDetail(null));
  }, [grid.id]);
  const inGrid = store.values().filter((e) => Object.values(e.grid ?? {}).includes(grid.id));
  const overdue = inGrid.filter((e) => slaState(e, now) === 'overdue');
  const c = counts.get(grid.id);
  return (
    <section className="grid-panel" data-testid="grid-panel">
      <nav className="breadcrumbs">
        <button type="button" onClick={() => onSelectGrid(null)}>
          {t('grid.city')}
        </button>
        {detail?.parents
          .filter((p) => p.level !== 'city')
          .reverse()
          .map((p) => (
            <button key={p.id} type="button" onClick={() => onSelectGrid(p.id)}>
              › <span data-i18n="data">{p.name}</span>
            </button>
          ))}
        <span>
          {' '}
          › <span data-i18n="data">{grid.name}</span>
        </span>
      </nav>
      <h2 data-i18n="data">{grid.name}</h2>
      <p className="grid-facts">
        {t('grid.facts', {
          code: grid.code,
          population: formatNumber(grid.population),
          households: formatNumber(grid.households),
        })}
      </p>
      <p className="grid-counts">
        {t('grid.open')} <b>{c?.open ?? 0}</b> · {t('grid.overdue')} <b className="bad">{c?.overdue ?? 0}</b>{' '}
        · {t('grid.near')} <b>{c?.near ?? 0}</b>
      </p>
      <ul className="by-category">
        {CATEGORIES.map((cat) => ({ cat, n: inGrid.filter((e) => e.category === cat.id).length }))
          .filter((x) => x.n > 0)
          .map(({ cat, n }) => (
            <li key={cat.id}>
              {categoryName(cat.id)} {n}
            </li>
          ))}
      </ul>
      {overdue.length > 0 && (
        <>
          <h3>{t('grid.overdueEvents')}</h3>
          <ul>
            {overdue.slice(0, 10).map((e) => (
              <li key={e.id}>
                <button type="button" onClick={() => onSelectEvent(e.id)}>
                  <span data-i18n="data">{e.description}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {detail && detail.team.length > 0 && detail.team.length <= 3 && (
        <>
          <h3>{t('grid.team')}</h3>
          {detail.team.map((t) => (
            <ul key={t.gridId} className="team" data-i18n="data">
              {t.members.map((m) => (
                <li key={m.name}>
                  {m.name} · {m.role} · {m.phone}
                </li>
              ))}
            </ul>
          ))}
        </>
      )}
      {detail && detail.keyAreas.length > 0 && (
        <>
          <h3>{t('grid.keyAreas')}</h3>
          <ul>
            {detail.keyAreas.slice(0, 8).map((a) => (
              <li key={a.id} data-i18n="data">
                {t('grid.keyArea', { name: a.name, type: a.type })}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
