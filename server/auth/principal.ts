import { can, type Permission, type Role } from '../../shared/auth/permissions';
import type { ApiKey, AuthStore, DisplayToken, User } from './auth-store';
import { hashToken } from './secrets';

/** Who is asking. Display tokens are read-only viewers; API keys hold only the permissions they were given. */
export type Principal =
  | { kind: 'user'; user: User; role: Role }
  | { kind: 'display'; token: DisplayToken; role: 'viewer' }
  | { kind: 'apikey'; key: ApiKey; role: null }
  | { kind: 'anonymous'; role: null };

export const ANONYMOUS: Principal = { kind: 'anonymous', role: null };
export const SESSION_COOKIE = 'cb_session';

export function holds(p: Principal, permission: Permission): boolean {
  if (p.kind === 'apikey') return p.key.permissions.includes(permission);
  return can(p.role, permission);
}

/** A short name for audit entries and event transitions: `user:li.wei`, `display:wall-1`, `apikey:hotline`. */
export function actorOf(p: Principal): string {
  switch (p.kind) {
    case 'user':
      return `user:${p.user.username}`;
    case 'display':
      return `display:${p.token.name}`;
    case 'apikey':
      return `apikey:${p.key.name}`;
    default:
      return 'anonymous';
  }
}

/**
 * Resolves a principal from a session cookie or a bearer token (`ses_…` session, `dsp_…` display token,
 * `key_…` API key). A credential that is present but unknown, expired or revoked is an error, not
 * anonymous, so the client is told to sign in again rather than shown an empty picture.
 */
export function resolvePrincipal(
  store: AuthStore,
  credentials: { cookie?: string; bearer?: string },
  now: number,
): Principal | 'invalid' {
  const token = credentials.bearer ?? credentials.cookie;
  if (!token) return ANONYMOUS;
  const hash = hashToken(token);
  if (token.startsWith('ses_')) {
    const user = store.sessionUser(hash, now);
    return user ? { kind: 'user', user, role: user.role } : 'invalid';
  }
  if (token.startsWith('dsp_')) {
    const display = store.displayToken(hash);
    return display ? { kind: 'display', token: display, role: 'viewer' } : 'invalid';
  }
  if (token.startsWith('key_')) {
    const key = store.apiKey(hash);
    return key ? { kind: 'apikey', key, role: null } : 'invalid';
  }
  return 'invalid';
}

/** Reads `Bearer x` from an Authorization header. */
export function bearerOf(header: string | undefined): string | undefined {
  const m = header?.match(/^Bearer\s+(\S+)$/i);
  return m?.[1];
}
