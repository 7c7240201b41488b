import { useCallback, useEffect, useState } from 'react';
import { DUTY_ROLE_NAMES, type RosterEntry } from '../../shared/domain/roster';
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
  const [message, setMessage] = useState<string | null>(null);
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
    setMessage(`已导入 ${body?.imported ?? 0} 个班次`);
    load();
  };

  const time = (t: number) => formatCityTime(t, timezone).slice(-14, -3);
  const onNow = new Set(roster?.onDuty.map((e) => `${e.scope}|${e.role}|${e.name}|${e.start}`));
  return (
    <section className="roster-panel" data-testid="roster-panel">
      <h2>今日值班</h2>
      {roster && roster.today.length === 0 && <p className="muted">今日无排班</p>}
      {roster && roster.today.length > 0 && (
        <table className="roster-table">
          <tbody>
            {roster.today.map((e) => (
              <tr
                key={`${e.scope}|${e.role}|${e.name}|${e.start}`}
                className={onNow.has(`${e.scope}|${e.role}|${e.name}|${e.start}`) ? 'on-duty' : 'muted'}
              >
                <td>{scopeName(e.scope)}</td>
                <td>{DUTY_ROLE_NAMES[e.role]}</td>
                <td>{e.name}</td>
                <td>{e.phone}</td>
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
          导入值班表 CSV（scope,role,name,phone,start,end）{' '}
          <input
            type="file"
            accept=".csv,text/csv,text/plain"
            aria-label="导入值班表"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void importFile(file);
              e.target.value = '';
            }}
          />
        </label>
      )}
      {message && <p className={problems.length ? 'form-error' : 'muted'}>{message}</p>}
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
