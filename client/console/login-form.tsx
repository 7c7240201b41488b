import { type FormEvent, useState } from 'react';
import { postJson } from '../net/api';

/** Sign-in for duty officers; the server sets an httpOnly session cookie for the shift. */
export function LoginForm({ onSignedIn }: { onSignedIn: () => void }) {
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
      <h1>值班台登录 · Duty console</h1>
      <label>
        用户名{' '}
        <input
          name="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          autoComplete="username"
        />
      </label>
      <label>
        密码{' '}
        <input
          name="password"
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="current-password"
        />
      </label>
      <button type="submit">登录</button>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
