import { useEffect, useState } from 'react';
import { type PlanInstance, planProgress } from '../../shared/domain/response-plan';
import { t } from '../i18n/t';
import { postJson } from '../net/api';
import type { Me } from '../pages/console-page';
import { formatCityTime } from '../panels/format-time';
import type { PlanStore } from '../state/plan-store';
import './duty.css';
import { useSummary } from '../state/use-store';

/**
 * Response plans of live red and orange alerts. A plan that opens while the console is up opens
 * here by itself; each step is ticked with a note (stored, audited and broadcast by the server).
 */
export function PlanPanel({ store, me, timezone }: { store: PlanStore; me: Me; timezone: string }) {
  const { plans, lastOpened } = useSummary(store);
  const [openId, setOpenId] = useState<string | null>(null);
  useEffect(() => {
    if (lastOpened) setOpenId(lastOpened.id);
  }, [lastOpened]);
  if (plans.length === 0) return null;
  const open = plans.find((p) => p.id === openId) ?? null;
  return (
    <section className="plan-panel" data-testid="plan-panel">
      <h2>{t('plan.title', { n: plans.length })}</h2>
      <ul className="plan-list">
        {plans.map((p) => {
          const { done, total } = planProgress(p);
          return (
            <li key={p.id}>
              <button type="button" onClick={() => setOpenId(p.id === openId ? null : p.id)}>
                <span className={`plan-level-${p.level}`}>{t(`alert.level.${p.level}`)}</span>{' '}
                <span data-i18n="data">{p.name}</span> · {done}/{total}
              </button>
            </li>
          );
        })}
      </ul>
      {open && <PlanSteps plan={open} mayTick={me.permissions.includes('alerts:act')} timezone={timezone} />}
    </section>
  );
}

function PlanSteps({ plan, mayTick, timezone }: { plan: PlanInstance; mayTick: boolean; timezone: string }) {
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const tick = async (stepId: string, done: boolean) => {
    try {
      await postJson(`/api/plans/${encodeURIComponent(plan.id)}/steps/${encodeURIComponent(stepId)}`, {
        done,
        note: notes[stepId] ?? '',
      });
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <div className="plan-detail" data-testid="plan-detail">
      <header>
        <h3 data-i18n="data">{plan.name}</h3>
        <span className={`plan-level-${plan.level}`} data-i18n="data">
          {plan.title}
        </span>
      </header>
      <p className="muted">
        {t('plan.notify')}
        <span data-i18n="data">{plan.notify.join(t('list.separator'))}</span>
      </p>
      <ol className="plan-steps">
        {plan.steps.map((s) => (
          <li key={s.id} className={s.done ? 'done' : ''} data-step={s.id}>
            <input
              type="checkbox"
              aria-label={s.text}
              data-i18n="data"
              checked={s.done}
              disabled={!mayTick}
              onChange={(e) => tick(s.id, e.target.checked)}
            />
            <span className="step-text" data-i18n="data">
              {s.text}
            </span>
            <span className="step-unit" data-i18n="data">
              {s.unit}
            </span>
            {s.done && (
              <span className="step-note">
                {s.by} · {s.at === null ? '' : formatCityTime(s.at, timezone).slice(-8, -3)}
                {s.note && ` — ${s.note}`}
              </span>
            )}
            {!s.done && mayTick && (
              <span className="step-tick">
                <input
                  // Its label carries the step's own words (data); the placeholder is checked elsewhere.
                  data-i18n="data"
                  aria-label={t('plan.stepNote', { step: s.text })}
                  placeholder={t('detail.note')}
                  value={notes[s.id] ?? ''}
                  onChange={(e) => setNotes({ ...notes, [s.id]: e.target.value })}
                />
              </span>
            )}
          </li>
        ))}
      </ol>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
