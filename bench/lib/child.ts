/**
 * Load generators and clients run in their own processes (never in the benchmark's own event loop), and
 * talk to the benchmark over Node's IPC channel: `{ type, ... }` messages both ways.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A message between the benchmark and one of its child processes. */
export interface ChildMessage {
  type: string;
  [key: string]: unknown;
}

/** A child process running one of bench/load/*.ts. */
export interface BenchChild {
  readonly child: ChildProcess;
  readonly pid: number;
  send(message: ChildMessage): void;
  /** Resolves with the next message of `type` (rejects on an `error` message, exit or timeout). */
  next<T extends ChildMessage>(type: string, timeoutMs?: number): Promise<T>;
  /** Sends `request` and resolves with the reply of type `replyType`. */
  ask<T extends ChildMessage>(request: ChildMessage, replyType: string, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

/** Forks `bench/load/<script>` under tsx. */
export function forkLoad(script: string, env: Record<string, string> = {}): BenchChild {
  const file = fileURLToPath(new URL(`../load/${script}`, import.meta.url));
  const child = fork(file, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const inbox: ChildMessage[] = [];
  const waiters: { type: string; resolve: (m: ChildMessage) => void; reject: (e: Error) => void }[] = [];
  let exited = false;
  const deliver = () => {
    for (let i = 0; i < inbox.length; i++) {
      const m = inbox[i]!;
      const w = m.type === 'error' ? waiters[0] : waiters.find((x) => x.type === m.type);
      if (!w) continue;
      inbox.splice(i--, 1);
      waiters.splice(waiters.indexOf(w), 1);
      if (m.type === 'error') w.reject(new Error(`${script}: ${String(m.message)}`));
      else w.resolve(m);
    }
  };
  child.on('message', (m) => {
    inbox.push(m as ChildMessage);
    deliver();
  });
  const exit = new Promise<void>((resolve) =>
    child.on('exit', (code) => {
      exited = true;
      for (const w of waiters.splice(0)) w.reject(new Error(`${script} exited (${code}) before ${w.type}`));
      resolve();
    }),
  );
  const next = <T extends ChildMessage>(type: string, timeoutMs = 120_000) =>
    new Promise<T>((resolve, reject) => {
      if (exited) return reject(new Error(`${script} has exited`));
      const timer = setTimeout(() => {
        const i = waiters.indexOf(w);
        if (i >= 0) waiters.splice(i, 1);
        reject(new Error(`${script}: no "${type}" within ${timeoutMs} ms`));
      }, timeoutMs);
      const w = {
        type,
        resolve: (m: ChildMessage) => {
          clearTimeout(timer);
          resolve(m as T);
        },
        reject: (e: Error) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      waiters.push(w);
      deliver();
    });
  return {
    child,
    pid: child.pid ?? -1,
    send: (m) => child.send(m),
    next,
    ask: (request, replyType, timeoutMs) => {
      const reply = next(replyType, timeoutMs);
      child.send(request);
      return reply as never;
    },
    stop: async () => {
      if (!exited) child.kill('SIGTERM');
      await exit;
    },
  };
}

/** The child side: calls `handle` for each message from the benchmark; a throw is sent back as `error`. */
export function serveParent(handle: (m: ChildMessage) => Promise<void> | void): void {
  process.on('message', (m) => {
    Promise.resolve()
      .then(() => handle(m as ChildMessage))
      .catch((err: unknown) =>
        reply({ type: 'error', message: err instanceof Error ? err.stack : String(err) }),
      );
  });
  process.on('disconnect', () => process.exit(0));
}

/** Sends a message to the benchmark process. */
export function reply(message: ChildMessage): void {
  process.send?.(message);
}
