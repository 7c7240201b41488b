import { useEffect, useState } from 'react';
import type { GridInfo } from '../../shared/domain/grid';
import type { HandoverSummary } from '../../shared/domain/handover';
import type { GridEvent } from '../../shared/schemas/event';
import { categoryName, t } from '../i18n/t';
import { getJson } from '../net/api';
import { formatCityTime } from '../panels/format-time';

export interface Handover {
  summary: HandoverSummary;
  events: GridEvent[];
}

export interface HandoverPanelProps {
  grids: Map<string, GridInfo>;
  /** Called with the loaded handover (or null when closed) and the moment the map should show. */
  onReplay: (handover: Handover | null, at: number) => void;
  onSelectEvent: (id: string) => void;
}

/**
 * Shift handover: a "what changed" summary of the last hours and a time scrubber that replays them on
 * the map (events appear when reported and vanish when closed). Play steps through the shift in about
 * 30 seconds.
 */
export function HandoverPanel({ grids, onReplay, onSelectEvent }: HandoverPanelProps) {
  const [hours, setHours] = useState(8);
  const [handover, setHandover] = useState<Handover | null>(null);
  const [at, setAt] = useState(0);
  const [playing, setPlaying] = useState(false);

  useEffect(() => {
    getJson<Handover>(`/api/handover?hours=${hours}`).then((h) => {
      setHandover(h);
      setAt(h.summary.to);
    });
  }, [hours]);
  useEffect(() => {
    if (handover) onReplay(handover, at);
  }, [handover, at, onReplay]);
  useEffect(() => () => onReplay(null, 0), [onReplay]);
  useEffect(() => {
    if (!playing || !handover) return;
    const { from, to } = handover.summary;
    const id = setInterval(() => {
      setAt((t) => {
        const next = t + (to - from) / 150;
        if (next >= to) setPlaying(false);
        return Math.min(next, to);
      });
    }, 200);
    return () => clearInterval(id);
  }, [playing, handover]);

  if (!handover) return <section className="handover">…</section>;
  const { summary } = handover;
  return (
    <section className="handover" data-testid="handover">
      <h2>{t('handover.title', { hours })}</h2>
      <div className="filters">
        <select
          aria-label={t('handover.period')}
          value={hours}
          onChange={(e) => setHours(Number(e.target.value))}
        >
          {[4, 8, 12, 24].map((h) => (
            <option key={h} value={h}>
              {t('handover.lastHours', { hours: h })}
            </option>
          ))}
        </select>
        <button
          type="button"
          onClick={() => {
            if (at >= summary.to) setAt(summary.from);
            setPlaying(!playing);
          }}
        >
          {playing ? t('handover.pause') : t('handover.play')}
        </button>
      </div>
      <input
        className="scrubber"
        aria-label={t('handover.scrubber')}
        type="range"
        min={summary.from}
        max={summary.to}
        step={60_000}
        value={at}
        onChange={(e) => setAt(Number(e.target.value))}
      />
      <p className="scrub-time" data-testid="scrub-time">
        {formatCityTime(at, 'Asia/Shanghai')}
      </p>
      <p data-testid="handover-counts">
        {t('handover.reported')} <b>{summary.reported}</b> · {t('handover.closed')} <b>{summary.closed}</b> ·{' '}
        {t('handover.stillOverdue')} <b className="bad">{summary.unresolvedOverdue.length}</b>
      </p>
      {summary.newSevere.length > 0 && <h3>{t('handover.newSevere')}</h3>}
      <ul>
        {summary.newSevere.slice(0, 6).map((e) => (
          <li key={e.id}>
            <button type="button" onClick={() => onSelectEvent(e.id)}>
              {categoryName(e.category)} · <span data-i18n="data">{e.description}</span>
            </button>
          </li>
        ))}
      </ul>
      {summary.unresolvedOverdue.length > 0 && <h3>{t('handover.stillOverdue')}</h3>}
      <ul>
        {summary.unresolvedOverdue.slice(0, 6).map((e) => (
          <li key={e.id}>
            <button type="button" onClick={() => onSelectEvent(e.id)}>
              <span data-i18n="data">{e.description}</span>
              {t('handover.due', { due: formatCityTime(e.dueAt, 'Asia/Shanghai').slice(5, 16) })}
            </button>
          </li>
        ))}
      </ul>
      <h3>{t('handover.topCommunities')}</h3>
      <ol>
        {summary.topCommunities.map((c) => (
          <li key={c.id}>
            <span data-i18n="data">{grids.get(c.id)?.name ?? c.id}</span> · {c.count}
          </li>
        ))}
      </ol>
    </section>
  );
}
