import { useCallback, useEffect, useState } from 'react';
import { ConsoleView } from '../console/console-view';
import { LoginForm } from '../console/login-form';
import { LangSwitch } from '../i18n/lang-switch';
import { getJson } from '../net/api';

export interface Me {
  kind: 'user' | 'display' | 'apikey' | 'anonymous';
  name: string;
  role: string | null;
  permissions: string[];
}

/** The duty officer's console: sign in first, then the interactive picture. */
export function ConsolePage() {
  const [me, setMe] = useState<Me | null>(null);
  const refresh = useCallback(() => {
    getJson<Me>('/api/auth/me').then(setMe, () =>
      setMe({ kind: 'anonymous', name: 'anonymous', role: null, permissions: [] }),
    );
  }, []);
  useEffect(refresh, [refresh]);
  if (!me) return <div className="placeholder-page">…</div>;
  if (me.kind === 'anonymous')
    return (
      <div className="console-login">
        <LangSwitch />
        <LoginForm onSignedIn={refresh} />
      </div>
    );
  return <ConsoleView me={me} />;
}
