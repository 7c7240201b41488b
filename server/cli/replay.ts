/**
 * `npm run replay -- <file.ndjson> [--url http://127.0.0.1:8080] [--token key_…] [--speed 10]
 *   [--batch 500] [--as-fast-as-possible] [--progress]`
 *
 * Replays recorded events (one EventInput with `occurredAt` per line) into a running server through
 * POST /api/events, keeping the original gaps divided by --speed (0 or --as-fast-as-possible: no
 * waiting), as the holder of --token (or CITY_BRAIN_TOKEN): an API key with events:ingest. Events that fall due together travel in one batch of at most --batch. Events keep their
 * recorded occurredAt; give them ids so that a replay repeated stores nothing twice.
 * A bad line is reported with its number and skipped; a batch the server refuses is reported with its
 * problems. Exit codes: 0 all stored, 1 something was rejected or the server failed, 2 bad usage.
 */
import { statSync } from 'node:fs';
import { ReplayAbort, type ReplayItem, ReplaySender } from '../ingest/replay-sender';
import { readReplayFile } from '../ingest/replay-source';

const USAGE =
  'usage: npm run replay -- <file.ndjson> [--url http://127.0.0.1:8080] [--token key_…] [--speed 1] [--batch 500] [--as-fast-as-possible] [--progress]';
/** The server's own limit per POST. */
const MAX_BATCH = 1000;
/** Events due within this much of each other travel together rather than a few ms apart. */
const TOGETHER_MS = 20;

interface Args {
  file: string;
  url: string;
  token: string | undefined;
  speed: number;
  batch: number;
  progress: boolean;
}

class UsageError extends Error {}

function fail(message: string): never {
  throw new UsageError(`${message}\n${USAGE}`);
}

function parseArgs(argv: string[]): Args {
  const a: Partial<Args> = { progress: false };
  const number = (flag: string, v: string, min: number, max: number) => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n) || n < min || n > max) fail(`bad ${flag} "${v}"`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => argv[++i] ?? fail(`${arg} needs a value`);
    if (arg === '--progress') a.progress = true;
    else if (arg === '--as-fast-as-possible') a.speed = 0;
    else if (arg === '--url') a.url = value();
    else if (arg === '--token') a.token = value();
    else if (arg === '--speed') a.speed = number(arg, value(), 0, 1e9);
    else if (arg === '--batch') a.batch = Math.floor(number(arg, value(), 1, MAX_BATCH));
    else if (arg.startsWith('--')) fail(`unknown option ${arg}`);
    else if (a.file) fail(`unexpected argument ${arg}`);
    else a.file = arg;
  }
  if (!a.file) fail('missing input file');
  const url = a.url ?? 'http://127.0.0.1:8080';
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) fail(`bad --url "${url}"`);
  // From the environment by preference: a flag shows in the process list.
  const token = a.token ?? (process.env.CITY_BRAIN_TOKEN || undefined);
  return {
    file: a.file,
    url,
    token,
    speed: a.speed ?? 1,
    batch: a.batch ?? 500,
    progress: a.progress ?? false,
  };
}

/** A one-line bar on stderr, redrawn at most every 100 ms; messages print above it. */
function progressBar(enabled: boolean, totalBytes: number) {
  let last = 0;
  let shown = false;
  const draw = (bytes: number, sent: number, force = false) => {
    if (!enabled || (!force && Date.now() - last < 100)) return;
    last = Date.now();
    const frac = totalBytes > 0 ? Math.min(1, bytes / totalBytes) : 1;
    const bar = '#'.repeat(Math.round(frac * 30)).padEnd(30, '-');
    process.stderr.write(`\r[${bar}] ${String(Math.round(frac * 100)).padStart(3)}% ${sent} sent`);
    shown = true;
  };
  const say = (text: string) => {
    process.stderr.write(`${shown ? '\r\x1b[K' : ''}${text}\n`);
    shown = false;
  };
  const end = () => {
    if (shown) process.stderr.write('\n');
    shown = false;
  };
  return { draw, say, end };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  let totalBytes: number;
  try {
    totalBytes = statSync(args.file).size;
  } catch (err) {
    fail(`cannot read ${args.file}: ${(err as Error).message}`);
  }
  const bar = progressBar(args.progress || process.stderr.isTTY === true, totalBytes);
  const sender = new ReplaySender(args.url, args.token);
  const totals = { sent: 0, accepted: 0, duplicates: 0 };
  const rejected: { line: number; message: string }[] = [];
  const reject = (line: number, message: string) => {
    rejected.push({ line, message });
    bar.say(`line ${line}: ${message}`);
  };
  let pending: ReplayItem[] = [];
  let bytes = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    // Cleared only once sent, so that an abort can say where the replay stopped.
    const outcome = await sender.send(pending);
    totals.sent += pending.length;
    pending = [];
    totals.accepted += outcome.accepted;
    totals.duplicates += outcome.duplicates;
    for (const r of outcome.rejected) reject(r.line, `refused by the server: ${r.message}`);
    bar.draw(bytes, totals.sent);
  };

  const startedAt = performance.now();
  const elapsed = () => performance.now() - startedAt;
  let firstAt: number | undefined;
  let aborted: string | null = null;
  try {
    for await (const item of readReplayFile(args.file)) {
      bytes += item.bytes;
      if (!item.ok) {
        reject(item.line, item.message);
        continue;
      }
      firstAt ??= item.input.occurredAt;
      const due = args.speed > 0 ? (item.input.occurredAt - firstAt) / args.speed : 0;
      // Send what is due before waiting for this one, and never more than a batch at once.
      if (pending.length >= args.batch || (pending.length > 0 && due > elapsed() + TOGETHER_MS))
        await flush();
      if (due > elapsed() + TOGETHER_MS) await sleep(due - elapsed());
      pending.push({ line: item.line, input: item.input });
    }
    await flush();
  } catch (err) {
    if (!(err instanceof ReplayAbort)) throw err;
    aborted = `${err.message}; stopped before line ${pending[0]?.line ?? '?'}`;
  }
  bar.draw(bytes, totals.sent, true);
  bar.end();
  rejected.sort((a, b) => a.line - b.line);
  const lines = rejected.length
    ? ` (line${rejected.length > 1 ? 's' : ''} ${rejected.map((r) => r.line).join(', ')})`
    : '';
  console.log(
    `replayed ${args.file}: sent ${totals.sent}, accepted ${totals.accepted}, duplicates ${totals.duplicates}, ` +
      `rejected ${rejected.length}${lines}`,
  );
  if (aborted) process.stderr.write(`aborted: ${aborted}\n`);
  // exitCode rather than process.exit(): exit would cut off output still flushing to a pipe.
  if (aborted || rejected.length > 0) process.exitCode = 1;
}

main().catch((e: unknown) => {
  if (!(e instanceof UsageError)) throw e;
  process.stderr.write(`${e.message}\n`);
  process.exitCode = 2;
});
