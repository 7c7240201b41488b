import { useCallback, useEffect, useState } from 'react';
import type { RosterEntry } from '../../shared/domain/roster';
import { t } from '../i18n/t';
import { ApiError, getJson } from '../net/api';
import { authHeaders } from '../net/credentials';
import { formatCityTime } from '../panels/format-time';
import './duty.css';

export interface RosterAnswer {
  masked: boolean;
  onDuty: RosterEntry[];
  today: RosterEntry[];
}

/** Scope id → name: `city` is the city, districts by their names. */
export type ScopeNames = (scope: string) => string;

/**
 * Today's duty roster (值班表), who is on now first; supervisors import a new roster from CSV. A bad
 * file changes nothing and every bad line is listed.
 */
export function RosterPanel({
  mayImport,
  scopeName,
  timezone,
}: {
  mayImport: boolean;
  scopeName: ScopeNames;
  timezone: string;
}) {
  const [roster, setRoster] = useState<RosterAnswer | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  // A server message as is, or an import's count, worded at render time (the language may change).
  const [message, setMessage] = useState<string | { imported: number } | null>(null);
  const load = useCallback(() => {
    getJson<RosterAnswer>('/api/roster/current').then(setRoster, (err: Error) => setMessage(err.message));
  }, []);
  useEffect(load, [load]);

  const importFile = async (file: File) => {
    const res = await fetch('/api/roster/import', {
      method: 'POST',
      headers: { 'content-type': 'text/csv', ...authHeaders() },
      body: await file.text(),
    });
    const body = (await res.json().catch(() => null)) as {
      imported?: number;
      message?: string;
      problems?: { field: string; message: string }[];
    } | null;
    if (!res.ok) {
      setMessage(new ApiError(res.status, body?.message ?? `HTTP ${res.status}`).message);
      setProblems((body?.problems ?? []).map((p) => `${p.field}: ${p.message}`));
      return;
    }
    setProblems([]);
    setMessage({ imported: body?.imported ?? 0 });
    load();
  };

  const time = (at: number) => formatCityTime(at, timezone).slice(-14, -3);
  const onNow = new Set(roster?.onDuty.map((e) => `${e.scope}|${e.role}|${e.name}|${e.start}`));
  return (
    <section className="roster-panel" data-testid="roster-panel">
      <h2>{t('duty.title')}</h2>
      {roster && roster.today.length === 0 && <p className="muted">{t('roster.empty')}</p>}
      {roster && roster.today.length > 0 && (
        <table className="roster-table">
          <tbody>
            {roster.today.map((e) => (
              <tr
                key={`${e.scope}|${e.role}|${e.name}|${e.start}`}
                className={onNow.has(`${e.scope}|${e.role}|${e.name}|${e.start}`) ? 'on-duty' : 'muted'}
              >
                <td data-i18n="data">{scopeName(e.scope)}</td>
                <td>{t(`duty.role.${e.role}`)}</td>
                <td data-i18n="data">{e.name}</td>
                <td data-i18n="data">{e.phone}</td>
                <td>
                  {time(e.start)}–{time(e.end)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {mayImport && (
        <label className="roster-import">
          {t('roster.import')}{' '}
          <input
            type="file"
            accept=".csv,text/csv,text/plain"
            aria-label={t('roster.importLabel')}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void importFile(file);
              e.target.value = '';
            }}
          />
        </label>
      )}
      {message && (
        <p className={problems.length ? 'form-error' : 'muted'}>
          {typeof message === 'string' ? message : t('roster.imported', { n: message.imported })}
        </p>
      )}
      {problems.length > 0 && (
        <ul className="form-error" data-testid="roster-problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
