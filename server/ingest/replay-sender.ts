import type { EventInput } from '../../shared/schemas/event';

/** An event on its way, with the line it came from. */
export interface ReplayItem {
  line: number;
  input: EventInput;
}

/** What became of one batch. */
export interface BatchOutcome {
  accepted: number;
  duplicates: number;
  rejected: { line: number; message: string }[];
}

interface ServerProblem {
  index?: number;
  field: string;
  message: string;
}

/** The server could not be reached or kept failing: stop, rather than skip lines. */
export class ReplayAbort extends Error {}

const RETRIES = 3;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Posts batches to POST /api/events. A 400 names the bad items: they are reported by line and the
 * rest of the batch is sent again, so good lines are never lost with a bad neighbour. Network errors,
 * 429 and 5xx are retried with backoff, then abort the replay.
 */
export class ReplaySender {
  /** `token`: an API key (`key_…`) with events:ingest, or a session token; sent as a bearer token. */
  constructor(
    private readonly baseUrl: string,
    private readonly token?: string,
  ) {}

  async send(items: ReplayItem[]): Promise<BatchOutcome> {
    const res = await this.post(items.map((i) => i.input));
    if (res.status === 202) {
      const body = res.body as { accepted: string[]; duplicates: string[] };
      return {
        accepted: body.accepted.length - body.duplicates.length,
        duplicates: body.duplicates.length,
        rejected: [],
      };
    }
    const body = res.body as { message?: string; problems?: ServerProblem[] } | null;
    const problems = body?.problems ?? [];
    const bad = new Map<number, string>();
    for (const p of problems) {
      if (p.index === undefined || !items[p.index]) continue;
      const before = bad.get(p.index);
      const text = `${p.field || 'event'}: ${p.message}`;
      bad.set(p.index, before ? `${before}; ${text}` : text);
    }
    const rest = items.filter((_, i) => !bad.has(i));
    // Without a valid credential no batch will pass: stop rather than list every line as refused.
    if (res.status === 401 || res.status === 403) {
      throw new ReplayAbort(`server answered ${res.status}: ${body?.message ?? 'no reason given'}`);
    }
    // A 400 that names no item (or every item) leaves nothing to retry: the whole batch is refused.
    if (res.status !== 400 || bad.size === 0 || rest.length === items.length) {
      const message = `server answered ${res.status}: ${body?.message ?? 'no reason given'}`;
      return { accepted: 0, duplicates: 0, rejected: items.map((i) => ({ line: i.line, message })) };
    }
    const outcome = rest.length > 0 ? await this.send(rest) : { accepted: 0, duplicates: 0, rejected: [] };
    const refused = [...bad].map(([index, message]) => ({ line: items[index]!.line, message }));
    return { ...outcome, rejected: [...refused, ...outcome.rejected].sort((a, b) => a.line - b.line) };
  }

  private async post(inputs: EventInput[]): Promise<{ status: number; body: unknown }> {
    let failure = '';
    for (let attempt = 0; attempt <= RETRIES; attempt++) {
      if (attempt > 0) await sleep(500 * 2 ** attempt);
      try {
        const res = await fetch(new URL('/api/events', this.baseUrl), {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
          },
          body: JSON.stringify(inputs),
        });
        const text = await res.text();
        if (res.status === 429 || res.status >= 500) {
          failure = `${res.status} ${text.slice(0, 200)}`;
          continue;
        }
        let body: unknown = null;
        try {
          body = JSON.parse(text);
        } catch {
          body = { message: text.slice(0, 200) };
        }
        return { status: res.status, body };
      } catch (err) {
        failure = (err as Error).cause ? String((err as Error).cause) : (err as Error).message;
      }
    }
    throw new ReplayAbort(`cannot post to ${this.baseUrl}: ${failure}`);
  }
}
