import { authHeaders } from './credentials';

/** A failed API call, with the server's own message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function parse<T>(res: Response): Promise<T> {
  const body = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok)
    throw new ApiError(res.status, (body as { message?: string } | null)?.message ?? `HTTP ${res.status}`);
  return body as T;
}

/**
 * GET with the session cookie (same origin) or the display token. A worker passes the headers (it has
 * no localStorage to read the token from).
 */
export async function getJson<T>(url: string, headers: Record<string, string> = authHeaders()): Promise<T> {
  return parse<T>(await fetch(url, { headers }));
}

export async function postJson<T>(url: string, body: unknown): Promise<T> {
  return parse<T>(
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders() },
      body: JSON.stringify(body),
    }),
  );
}
