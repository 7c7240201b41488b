import { CATEGORIES } from '../../shared/domain/categories';
import { categoryName, t } from '../i18n/t';
import { SLA_RING } from '../map/layers/event-layer';
import { GRID_LEVEL_STYLE } from '../map/layers/grid-layers';
import './map-legend.css';

const rgba = (c: readonly number[]) => `rgba(${c[0]},${c[1]},${c[2]},${(c[3] ?? 255) / 255})`;
const LEVELS = ['district', 'community', 'full', 'micro'] as const;

/** What the wall map's colours mean, from the same constants the layers draw with. */
export function MapLegend() {
  return (
    <aside className="map-legend" data-testid="map-legend" aria-label={t('legend.title')}>
      <h3>{t('legend.categories')}</h3>
      <ul>
        {CATEGORIES.map((c) => (
          <li key={c.id}>
            <i className="dot" style={{ background: rgba(c.color) }} />
            {categoryName(c.id)}
          </li>
        ))}
      </ul>
      <h3>{t('legend.sla')}</h3>
      <ul>
        {(['ok', 'near', 'overdue'] as const).map((s) => (
          <li key={s}>
            <i
              className="dot ring"
              style={{ borderColor: rgba(SLA_RING[s].color), borderWidth: SLA_RING[s].width }}
            />
            {t(`sla.${s}`)}
          </li>
        ))}
      </ul>
      <h3>{t('legend.grids')}</h3>
      <ul>
        {LEVELS.map((level) => (
          <li key={level}>
            <i
              className="line"
              style={{
                borderTopColor: rgba(GRID_LEVEL_STYLE[level].color),
                borderTopWidth: Math.max(1, GRID_LEVEL_STYLE[level].width),
              }}
            />
            {t(`level.${level}`)}
          </li>
        ))}
      </ul>
    </aside>
  );
}
