import { useEffect, useState } from 'react';
import type { EvaluationRow } from '../../shared/domain/evaluation';
import { addDays, cityDate } from '../../shared/util/city-day';
import { EvaluationChart } from '../charts/evaluation-chart';
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
        <h2>考核排名</h2>
        <a href={`/api/evaluation?${query}&format=csv`} download data-testid="evaluation-csv">
          导出 CSV
        </a>
      </header>
      <div className="filters">
        <select aria-label="考核层级" value={level} onChange={(e) => setLevel(e.target.value as 'district')}>
          <option value="district">片区</option>
          <option value="community">社区</option>
        </select>
        <input
          type="date"
          aria-label="起始日期"
          value={from}
          max={to}
          onChange={(e) => setFrom(e.target.value)}
        />
        <input
          type="date"
          aria-label="截止日期"
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
          <p className="muted">
            {answer.fromDate} 至 {answer.toDate} · 得分 = 40% 结案率 + 40% 按期率 + 20%
            未超期占比；竖线为上期得分
          </p>
          <div className="evaluation-chart">
            <EvaluationChart
              label={`${level === 'district' ? '片区' : '社区'}考核得分排名`}
              rows={answer.rows.map((r) => ({ ...r, previousScore: r.previous.score }))}
            />
          </div>
          <table className="evaluation-table" data-testid="evaluation-table">
            <thead>
              <tr>
                <th>名次</th>
                <th>单位</th>
                <th>事件</th>
                <th>结案率</th>
                <th>按期率</th>
                <th>平均处置(时)</th>
                <th>超期</th>
                <th>重复</th>
                <th>预警响应(分)</th>
              </tr>
            </thead>
            <tbody>
              {answer.rows.slice(0, level === 'district' ? 9 : 20).map((r) => (
                <tr key={r.id}>
                  <td>{r.rank ?? '—'}</td>
                  <td>{r.name}</td>
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
