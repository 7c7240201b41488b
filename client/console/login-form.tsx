import { type FormEvent, useState } from 'react';
import { t } from '../i18n/t';
import { postJson } from '../net/api';

/**
 * Sign-in for duty officers and grid workers; the server sets an httpOnly session cookie for the
 * shift. `title` names the page the sign-in is for (the console by default).
 */
export function LoginForm({ onSignedIn, title }: { onSignedIn: () => void; title?: string }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await postJson('/api/auth/login', { username, password });
      onSignedIn();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <form className="login-form" onSubmit={submit}>
      <h1>{title ?? t('login.title')}</h1>
      <label>
        {t('login.username')}{' '}
        <input
          name="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          autoComplete="username"
        />
      </label>
      <label>
        {t('login.password')}{' '}
        <input
          name="password"
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="current-password"
        />
      </label>
      <button type="submit">{t('login.submit')}</button>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
