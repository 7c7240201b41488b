import type { Evaluation } from './evaluation';

const CSV_HEADER =
  'rank,id,name,events,cancelled,closed,closure_rate,on_time_rate,avg_handling_hours,overdue,repeats,alerts,alert_response_minutes,score,previous_score,previous_rank,trend';

/** The evaluation as CSV (UTF-8 with a BOM, so that Excel reads the Chinese names), one row per unit. */
export function evaluationCsv(e: Evaluation): string {
  const cell = (v: string | number | null) => {
    if (v === null) return '';
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = e.rows.map((r) =>
    [
      r.rank,
      r.id,
      r.name,
      r.events,
      r.cancelled,
      r.closed,
      r.closureRate,
      r.onTimeRate,
      r.avgHandlingHours,
      r.overdue,
      r.repeats,
      r.alerts,
      r.alertResponseMinutes,
      r.score,
      r.previous.score,
      r.previous.rank,
      r.trend,
    ]
      .map(cell)
      .join(','),
  );
  return `\uFEFF${[CSV_HEADER, ...lines].join('\r\n')}\r\n`;
}
