import { useEffect, useState } from 'react';
import { TRAFFIC_LEVELS } from '../../shared/traffic/speed-bands';
import { utcOffsetMinutes } from '../../shared/util/time';
import { DistrictRanking, rgb } from '../charts/district-ranking';
import { ParkingByDistrict } from '../charts/parking-by-district';
import { Tpi24h, type TpiPoint } from '../charts/tpi-24h';
import { formatNumber, t } from '../i18n/t';
import { loadTrafficHistory } from '../net/traffic-network';
import type { TrafficStore } from '../state/traffic-store';
import './side-panel.css';
import './traffic-panel.css';
import { useSummary } from '../state/use-store';

const DAY = 86_400_000;
/** History changes once per 15-minute bucket; a minute's refresh is plenty. */
const HISTORY_REFRESH_MS = 60_000;

/**
 * The wall's traffic side panel: city TPI and free spaces in big type, then the 24-hour TPI chart
 * against a week ago, the district ranking and parking by district. All figures are simulated unless
 * real feeds are connected, and say so.
 */
export function TrafficPanel({ store, timezone }: { store: TrafficStore; timezone: string }) {
  const summary = useSummary(store);
  const [history, setHistory] = useState<{ today: TpiPoint[]; weekAgo: TpiPoint[]; to: number } | null>(null);
  const hasFrame = summary.at !== null;

  useEffect(() => {
    if (!hasFrame) return;
    let cancelled = false;
    const refresh = async () => {
      const to = store.getSummary().at ?? Date.now();
      try {
        const [today, past] = await Promise.all([
          loadTrafficHistory('city', to - DAY, to),
          loadTrafficHistory('city', to - 8 * DAY, to - 7 * DAY),
        ]);
        if (!cancelled) setHistory({ today, weekAgo: past.map((p) => ({ ...p, at: p.at + 7 * DAY })), to });
      } catch (err) {
        console.warn('traffic history:', err);
      }
    };
    void refresh();
    const id = setInterval(refresh, HISTORY_REFRESH_MS);
    return () => {
      cancelled = true;
      clearInterval(id);
    };
  }, [store, hasFrame]);

  const network = store.network;
  const city = summary.tpi?.city;
  const band = city?.level === null || city?.level === undefined ? null : TRAFFIC_LEVELS[city.level]!;
  const names = new Map(network?.districts.map((d) => [d.id, d.name.replace(/片区$/, '')]) ?? []);
  const to = summary.at ?? history?.to ?? 0;
  const today = history ? [...history.today, { at: to, tpi: city?.tpi ?? null }] : [];
  return (
    <aside className="traffic-panel side-panel" data-testid="traffic-panel">
      <h2>
        {t('traffic.title')} <span className="sim-badge">{t('traffic.simulated')}</span>
      </h2>
      <div className="panel-kpis">
        <div className="panel-kpi">
          <span
            className="panel-kpi-value"
            data-testid="city-tpi"
            style={{ color: band ? rgb(band.color) : undefined }}
          >
            {city?.tpi === null || city?.tpi === undefined ? '—' : city.tpi.toFixed(1)}
          </span>
          <span className="panel-kpi-label">
            {t('traffic.cityTpi', { band: band ? t(`traffic.band.${band.key}`) : t('traffic.noData') })}
          </span>
        </div>
        <div className="panel-kpi">
          <span className="panel-kpi-value" data-testid="parking-free">
            {summary.parking?.city.occupancy == null ? '—' : formatNumber(summary.parking.city.free)}
          </span>
          <span className="panel-kpi-label">{t('traffic.freeSpaces')}</span>
        </div>
      </div>
      <section style={{ flexGrow: 150 }}>
        <h3>
          {t('traffic.tpi24h')} <span className="legend-now">{t('traffic.today')}</span>{' '}
          <span className="legend-past">{t('traffic.weekAgo')}</span>
        </h3>
        {history && to > 0 && (
          <Tpi24h
            today={today}
            weekAgo={history.weekAgo}
            from={to - DAY}
            to={to}
            offsetMinutes={utcOffsetMinutes(timezone, to)}
          />
        )}
      </section>
      <section style={{ flexGrow: 25 * Object.keys(summary.tpi?.districts ?? {}).length }}>
        <h3>{t('traffic.ranking')}</h3>
        {summary.tpi && (
          <DistrictRanking
            districts={Object.entries(summary.tpi.districts).map(([id, f]) => ({
              name: names.get(id) ?? id,
              tpi: f.tpi,
            }))}
          />
        )}
      </section>
      <section style={{ flexGrow: 25 * Object.keys(summary.parking?.districts ?? {}).length }}>
        <h3>{t('traffic.parking')}</h3>
        {summary.parking && (
          <ParkingByDistrict
            districts={Object.entries(summary.parking.districts).map(([id, f]) => ({
              name: names.get(id) ?? id,
              occupancy: f.occupancy,
              free: f.free,
            }))}
          />
        )}
      </section>
    </aside>
  );
}
