import { describe, expect, it } from 'vitest';
import type { EventInput } from '../../shared/schemas/event';
import {
  backoffMs,
  classifyResponse,
  dueReports,
  EMPTY_QUEUE,
  enqueue,
  markSending,
  nextWakeAt,
  parseQueue,
  recordOutcome,
  removeReport,
  retryNow,
} from './report-queue';

const input = (id: string): EventInput & { id: string } => ({
  id,
  source: 'grid-worker',
  category: 'urban',
  subcategory: 'street-order',
  lon: 120.56,
  lat: 27.53,
  description: `report ${id}`,
});

describe('report queue', () => {
  it('queues a report due at once, and ignores a double tap', () => {
    let q = enqueue(EMPTY_QUEUE, input('a'), 1000);
    q = enqueue(q, input('a'), 1001);
    expect(q.items).toHaveLength(1);
    expect(dueReports(q, 1000).map((r) => r.id)).toEqual(['a']);
    expect(nextWakeAt(q)).toBe(1000);
  });

  it('backs off after network failures, doubling to a cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 10].map((n) => backoffMs(n))).toEqual([
      2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000,
    ]);
    expect(backoffMs(1, 0.999)).toBeLessThanOrEqual(2500);
    let q = markSending(enqueue(EMPTY_QUEUE, input('a'), 0), 'a');
    expect(dueReports(q, 0)).toEqual([]);
    q = recordOutcome(q, 'a', classifyResponse(null, 'Failed to fetch'), 100);
    expect(q.items[0]).toMatchObject({
      state: 'pending',
      attempts: 1,
      nextAttemptAt: 2100,
      lastError: 'Failed to fetch',
    });
    expect(dueReports(q, 2099)).toEqual([]);
    expect(dueReports(q, 2100)).toHaveLength(1);
    q = recordOutcome(q, 'a', { kind: 'retry', error: 'x' }, 2100);
    expect(q.items[0]?.nextAttemptAt).toBe(2100 + 4000);
  });

  it('comes back online: everything pending is due now', () => {
    let q = recordOutcome(enqueue(EMPTY_QUEUE, input('a'), 0), 'a', { kind: 'retry', error: 'x' }, 0);
    q = retryNow(q, 500);
    expect(dueReports(q, 500)).toHaveLength(1);
  });

  it('removes a delivered report and remembers it among the last five', () => {
    let q = EMPTY_QUEUE;
    for (const id of ['a', 'b', 'c', 'd', 'e', 'f']) {
      q = enqueue(q, input(id), 0);
      q = recordOutcome(q, id, classifyResponse(202), 10);
    }
    expect(q.items).toEqual([]);
    expect(q.delivered.map((d) => d.id)).toEqual(['f', 'e', 'd', 'c', 'b']);
  });

  it('stops retrying what the server refuses, until the worker removes it', () => {
    let q = enqueue(EMPTY_QUEUE, input('a'), 0);
    q = recordOutcome(q, 'a', classifyResponse(400, 'lon: outside the city'), 10);
    expect(q.items[0]).toMatchObject({ state: 'rejected', lastError: 'lon: outside the city' });
    expect(dueReports(q, 1e12)).toEqual([]);
    expect(nextWakeAt(q)).toBeNull();
    expect(removeReport(q, 'a').items).toEqual([]);
  });

  it('holds everything after a 401 until a new sign-in', () => {
    let q = enqueue(enqueue(EMPTY_QUEUE, input('a'), 0), input('b'), 0);
    q = recordOutcome(q, 'a', classifyResponse(401), 10);
    expect(q.authRequired).toBe(true);
    expect(dueReports(q, 20)).toEqual([]);
    q = retryNow(q, 30);
    expect(dueReports(q, 30).map((r) => r.id)).toEqual(['a', 'b']);
  });

  it('classifies answers: transient ones retry, the rest are final', () => {
    expect(classifyResponse(503).kind).toBe('retry');
    expect(classifyResponse(429).kind).toBe('retry');
    expect(classifyResponse(403).kind).toBe('rejected');
    expect(classifyResponse(200).kind).toBe('delivered');
  });

  it('reloads a stored queue, turning an interrupted send back into pending', () => {
    const q = markSending(enqueue(EMPTY_QUEUE, input('a'), 0), 'a');
    const back = parseQueue(JSON.stringify(q));
    expect(back.items[0]?.state).toBe('pending');
    expect(parseQueue('not json')).toEqual(EMPTY_QUEUE);
    expect(parseQueue('{"items":"x"}')).toEqual(EMPTY_QUEUE);
    expect(parseQueue(null)).toEqual(EMPTY_QUEUE);
  });
});
