import { useEffect, useState } from 'react';
import type { EvaluationRow } from '../../shared/domain/evaluation';
import type { RosterEntry } from '../../shared/domain/roster';
import { EvaluationChart, WALL_CHART } from '../charts/evaluation-chart';
import { t } from '../i18n/t';
import { getJson } from '../net/api';
import './duty-board.css';

/** The roster changes at shift changes; a minute's delay is fine. */
const ROSTER_REFRESH_MS = 60_000;
/** The ranking moves slowly: every five minutes. */
const RANKING_REFRESH_MS = 5 * 60_000;

/** Loads `url` now and every `ms`, keeping the last good answer when a refresh fails. */
function usePolled<T>(url: string, ms: number): T | null {
  const [value, setValue] = useState<T | null>(null);
  useEffect(() => {
    let cancelled = false;
    const load = () =>
      getJson<T>(url).then(
        (v) => {
          if (!cancelled) setValue(v);
        },
        (err: Error) => console.warn(`${url}:`, err.message),
      );
    void load();
    const id = setInterval(load, ms);
    return () => {
      cancelled = true;
      clearInterval(id);
    };
  }, [url, ms]);
  return value;
}

/**
 * Who is on duty now (值班): the city's leader and duty officer, then each district's leader on
 * duty. Phones come masked for wall screens; names are shown, as on any duty board.
 */
export function DutyBoard({ districtNames }: { districtNames: ReadonlyMap<string, string> }) {
  const roster = usePolled<{ onDuty: RosterEntry[] }>('/api/roster/current', ROSTER_REFRESH_MS);
  const city = roster?.onDuty.filter((e) => e.scope === 'city') ?? [];
  const leaders = roster?.onDuty.filter((e) => e.scope !== 'city' && e.role === 'leader') ?? [];
  return (
    <aside className="duty-board" data-testid="duty-board">
      <h2>{t('duty.title')}</h2>
      {roster && roster.onDuty.length === 0 && <div className="duty-empty">{t('duty.empty')}</div>}
      <div className="duty-city">
        {city.map((e) => (
          <span key={`${e.role}|${e.name}`} data-testid="duty-city">
            <span className="duty-role">{t(`duty.role.${e.role}`)}</span>
            <span className="duty-name">{e.name}</span>
            <span className="duty-phone">{e.phone}</span>
          </span>
        ))}
      </div>
      {leaders.length > 0 && (
        <div className="duty-districts">
          {leaders.map((e) => (
            <span key={`${e.scope}|${e.name}`}>
              <span className="duty-role">
                {(districtNames.get(e.scope) ?? e.scope).replace(/片区$/, '')}
              </span>
              <span className="duty-name">{e.name}</span>
            </span>
          ))}
        </div>
      )}
    </aside>
  );
}

/** The district ranking of the last seven days, with the trend against the seven before. */
export function EvaluationBoard() {
  const answer = usePolled<{ rows: EvaluationRow[] }>('/api/evaluation?level=district', RANKING_REFRESH_MS);
  if (!answer) return null;
  return (
    <aside className="evaluation-board" data-testid="evaluation-board">
      <h2>
        {t('evaluation.title')} <small>{t('evaluation.note')}</small>
      </h2>
      <EvaluationChart
        size={WALL_CHART}
        label={t('evaluation.label')}
        rows={answer.rows.map((r) => ({ ...r, previousScore: r.previous.score }))}
      />
    </aside>
  );
}

/** Both boards in one column over the map's top-right corner (the ticker, legend and tour label hold the others). */
export function DutyColumn({ districtNames }: { districtNames: ReadonlyMap<string, string> }) {
  return (
    <div className="duty-column">
      <DutyBoard districtNames={districtNames} />
      <EvaluationBoard />
    </div>
  );
}
