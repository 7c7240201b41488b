const STORAGE_KEY = 'citybrain.token';

/**
 * The display token of a wall screen: taken from `?token=` once, then kept in localStorage so that
 * a reload (the watchdog's last resort) keeps working, and removed from the address bar so it does not
 * linger on screen. Signed-in users have a session cookie instead and no token.
 */
export function displayToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    localStorage.setItem(STORAGE_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url);
    return fromUrl;
  }
  return localStorage.getItem(STORAGE_KEY);
}

/** Headers for API calls: the display token as a bearer token when there is one. */
export function authHeaders(): Record<string, string> {
  const token = displayToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}
