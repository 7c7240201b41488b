import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type pg from 'pg';

export interface SyncStatement {
  sql: string;
  params?: unknown[];
  /** Abort the transaction with this message when the statement returns no rows. */
  expectRows?: string;
}

/** A PostgreSQL connection whose queries block until answered: for synchronous store interfaces. */
export interface SyncPg {
  query<T>(sql: string, params?: unknown[]): T[];
  /** Runs the statements in one transaction; every statement's rows, in order. */
  transaction(statements: SyncStatement[]): unknown[][];
  /**
   * Resolves once the worker has started and answered a first query, without blocking the event loop
   * (starting the thread and connecting can take longer than one call's timeout on a busy machine).
   */
  ready(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Runs a pg client on a worker thread and blocks the caller (Atomics.wait) until the worker answers or
 * `timeoutMs` passes. Meant for small, rare statements behind a synchronous interface (the alert
 * store): every call holds the event loop for one round trip, and a down database for `timeoutMs`.
 */
export function openSyncPg(config: pg.ClientConfig, timeoutMs = 2_000): SyncPg {
  const shared = new SharedArrayBuffer(4);
  const flag = new Int32Array(shared);
  const { port1, port2 } = new MessageChannel();
  const { connectionString, options, user, password, host, port, database, ssl } = config;
  const worker = new Worker(new URL('./sync-pg-worker.mjs', import.meta.url), {
    workerData: {
      shared,
      port: port2,
      config: {
        connectionString,
        options,
        user,
        password,
        host,
        port,
        database,
        ssl,
        connectionTimeoutMillis: timeoutMs,
      },
    },
    transferList: [port2],
  });
  worker.unref();
  port1.unref();
  let nextId = 1;

  const call = (statements: SyncStatement[]): unknown[][] => {
    const id = nextId++;
    const deadline = Date.now() + timeoutMs;
    port1.postMessage({ id, statements });
    for (;;) {
      // Answers to calls that timed out earlier come first; skip them.
      for (let m = receiveMessageOnPort(port1); m; m = receiveMessageOnPort(port1)) {
        const answer = m.message as { id: number; results?: unknown[][]; error?: string };
        if (answer.id !== id) continue;
        if (answer.error !== undefined) throw new Error(answer.error);
        return answer.results ?? [];
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`PostgreSQL did not answer within ${timeoutMs} ms`);
      Atomics.store(flag, 0, 0);
      // The answer may have landed between the drain and the reset: look once more before sleeping.
      const late = receiveMessageOnPort(port1);
      if (late) {
        const answer = late.message as { id: number; results?: unknown[][]; error?: string };
        if (answer.id === id) {
          if (answer.error !== undefined) throw new Error(answer.error);
          return answer.results ?? [];
        }
        continue;
      }
      Atomics.wait(flag, 0, 0, left);
    }
  };

  const ready = async (waitMs = 30_000): Promise<void> => {
    const id = nextId++;
    const deadline = Date.now() + waitMs;
    port1.postMessage({ id, statements: [{ sql: 'SELECT 1', params: [] }] });
    for (;;) {
      for (let m = receiveMessageOnPort(port1); m; m = receiveMessageOnPort(port1)) {
        const answer = m.message as { id: number; error?: string };
        if (answer.id !== id) continue;
        if (answer.error !== undefined) throw new Error(answer.error);
        return;
      }
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not answer within ${waitMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  return {
    ready,
    query: <T>(sql: string, params: unknown[] = []) => call([{ sql, params }])[0] as T[],
    transaction: (statements) => call(statements),
    close: async () => {
      port1.close();
      await worker.terminate();
    },
  };
}
