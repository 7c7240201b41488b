import { useCallback, useEffect, useState } from 'react';
import { LoginForm } from '../console/login-form';
import { LangSwitch } from '../i18n/lang-switch';
import { t } from '../i18n/t';
import { getJson } from '../net/api';
import { type CityData, loadCityData } from '../net/city-data';
import { OutboxList } from '../report/outbox-list';
import { ReportForm } from '../report/report-form';
import { ReportOutbox } from '../report/report-outbox';
import { useOnline, useOutbox } from '../report/use-outbox';
import { useNow } from '../state/use-live';
import type { Me } from './console-page';
import '../report/report.css';

/** One outbox per page load; it outlives sign-ins, so nothing queued is lost on a re-login. */
const outbox = new ReportOutbox(localStorage);

/** The grid worker's phone: sign in, report, and see what is still waiting to be sent. */
export function ReportPage() {
  const [me, setMe] = useState<Me | null>(null);
  const [data, setData] = useState<CityData | null>(null);
  const queue = useOutbox(outbox);
  const online = useOnline();
  const now = useNow(1000);

  const refresh = useCallback(() => {
    getJson<Me>('/api/auth/me').then(
      (m) => {
        setMe(m);
        if (m.permissions.includes('events:ingest')) outbox.retry();
      },
      // Offline at start: the form still works, reports wait in the outbox until the network is back.
      () => setMe((prev) => prev ?? { kind: 'user', name: '', role: null, permissions: ['events:ingest'] }),
    );
  }, []);
  useEffect(refresh, [refresh]);
  useEffect(() => outbox.start(), []);
  const signedIn = me !== null && me.kind !== 'anonymous' && !queue.authRequired;
  useEffect(() => {
    if (signedIn && !data) loadCityData().then(setData, () => undefined);
  }, [signedIn, data]);

  if (!me) return <div className="placeholder-page">…</div>;
  return (
    <div className="report-page">
      <header>
        <h1>{t('report.title')}</h1>
        <span className="who" data-i18n="data">
          {me.name.replace(/^user:/, '')}
        </span>
        <LangSwitch />
      </header>
      {signedIn ? (
        <ReportForm data={data} onSubmit={(input) => outbox.submit(input)} />
      ) : (
        <LoginForm onSignedIn={refresh} title={t('report.signIn')} />
      )}
      <OutboxList
        queue={queue}
        now={now}
        online={online}
        onRemove={(id) => outbox.remove(id)}
        onRetry={() => outbox.retry()}
      />
    </div>
  );
}
