import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { type EventInput, EventInputSchema } from '../../shared/schemas/event';
import { problemsOf } from '../routes/problem';

/** One line of a replay file: an event to send, or why the line is skipped. */
export type ReplayLine =
  | { line: number; bytes: number; ok: true; input: EventInput & { occurredAt: number } }
  | { line: number; bytes: number; ok: false; message: string };

const checkInput = problemsOf(EventInputSchema);

/**
 * Parses one NDJSON line: an EventInput with `occurredAt` (epoch ms), which replay needs to keep the
 * original gaps. Checked here, against the same schema as the server, so that one bad line is
 * reported with its number and skipped instead of sinking the batch it would travel in.
 */
export function parseReplayLine(text: string, line: number): ReplayLine {
  const bytes = Buffer.byteLength(text) + 1;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { line, bytes, ok: false, message: `not JSON: ${(err as Error).message}` };
  }
  const [problem, ...more] = checkInput(value);
  if (problem) {
    const extra = more.length ? ` (and ${more.length} more)` : '';
    return { line, bytes, ok: false, message: `${problem.field || 'event'}: ${problem.message}${extra}` };
  }
  const input = value as EventInput;
  if (input.occurredAt === undefined) return { line, bytes, ok: false, message: 'occurredAt is required' };
  return { line, bytes, ok: true, input: input as EventInput & { occurredAt: number } };
}

/** The lines of an NDJSON file, streamed, numbered from 1; blank lines are skipped silently. */
export async function* readReplayFile(file: string): AsyncGenerator<ReplayLine> {
  const lines = createInterface({
    input: createReadStream(file, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === '') continue;
    yield parseReplayLine(text, line);
  }
}
