import { useEffect, useState } from 'react';
import type { EvaluationRow } from '../../shared/domain/evaluation';
import { addDays, cityDate } from '../../shared/util/city-day';
import { EvaluationChart } from '../charts/evaluation-chart';
import { t } from '../i18n/t';
import { getJson } from '../net/api';
import './duty.css';

interface EvaluationAnswer {
  fromDate: string;
  toDate: string;
  rows: EvaluationRow[];
}

const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);
const num = (x: number | null, digits = 1) => (x === null ? '—' : x.toFixed(digits));

/**
 * District and community evaluation (考核) for a period: the ranking as a d3 bar chart with last
 * period's score and the trend, the figures behind it, and a CSV export.
 */
export function EvaluationPanel({ timezone, now }: { timezone: string; now: number }) {
  const [level, setLevel] = useState<'district' | 'community'>('district');
  const [to, setTo] = useState(() => cityDate(now, timezone));
  const [from, setFrom] = useState(() => addDays(cityDate(now, timezone), -6));
  const [answer, setAnswer] = useState<EvaluationAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const query = `level=${level}&from=${from}&to=${to}`;

  useEffect(() => {
    getJson<EvaluationAnswer>(`/api/evaluation?${query}`).then(
      (a) => {
        setAnswer(a);
        setError(null);
      },
      (err: Error) => setError(err.message),
    );
  }, [query]);

  return (
    <section className="evaluation-panel" data-testid="evaluation-panel">
      <header>
        <h2>{t('evaluation.ranking')}</h2>
        <a href={`/api/evaluation?${query}&format=csv`} download data-testid="evaluation-csv">
          {t('evaluation.csv')}
        </a>
      </header>
      <div className="filters">
        <select
          aria-label={t('evaluation.level')}
          value={level}
          onChange={(e) => setLevel(e.target.value as 'district')}
        >
          <option value="district">{t('evaluation.districts')}</option>
          <option value="community">{t('evaluation.communities')}</option>
        </select>
        <input
          type="date"
          aria-label={t('evaluation.from')}
          value={from}
          max={to}
          onChange={(e) => setFrom(e.target.value)}
        />
        <input
          type="date"
          aria-label={t('evaluation.to')}
          value={to}
          min={from}
          onChange={(e) => setTo(e.target.value)}
        />
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {answer && (
        <>
          <p className="muted">{t('evaluation.period', { from: answer.fromDate, to: answer.toDate })}</p>
          <div className="evaluation-chart">
            <EvaluationChart
              label={t(level === 'district' ? 'evaluation.label' : 'evaluation.labelCommunity')}
              rows={answer.rows.map((r) => ({ ...r, previousScore: r.previous.score }))}
            />
          </div>
          <table className="evaluation-table" data-testid="evaluation-table">
            <thead>
              <tr>
                <th>{t('evaluation.col.rank')}</th>
                <th>{t('evaluation.col.unit')}</th>
                <th>{t('evaluation.col.events')}</th>
                <th>{t('evaluation.col.closureRate')}</th>
                <th>{t('evaluation.col.onTimeRate')}</th>
                <th>{t('evaluation.col.avgHandling')}</th>
                <th>{t('evaluation.col.overdue')}</th>
                <th>{t('evaluation.col.repeats')}</th>
                <th>{t('evaluation.col.alertResponse')}</th>
              </tr>
            </thead>
            <tbody>
              {answer.rows.slice(0, level === 'district' ? 9 : 20).map((r) => (
                <tr key={r.id}>
                  <td>{r.rank ?? '—'}</td>
                  <td data-i18n="data">{r.name}</td>
                  <td>{r.events}</td>
                  <td>{pct(r.closureRate)}</td>
                  <td>{pct(r.onTimeRate)}</td>
                  <td>{num(r.avgHandlingHours)}</td>
                  <td>{r.overdue}</td>
                  <td>{r.repeats}</td>
                  <td>{num(r.alertResponseMinutes, 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
