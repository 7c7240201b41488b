import { describe, expect, it } from 'vitest';
import { SCREEN_EVENT_IDS } from '../../shared/protocol';
import type { Alert, AlertChange, AlertTransition } from '../../shared/schemas/alert';
import { ScreenAlertFeed, STEP_BUDGET, UPDATE_BUDGET } from './screen-alert-feed';

const change = (
  id: string,
  version: number,
  action: AlertTransition['action'],
  ids = 3,
  level: Alert['level'] = 'blue',
): AlertChange => ({
  seq: version,
  alert: {
    id,
    version,
    level,
    count: ids,
    eventIds: Array.from({ length: ids }, (_, i) => `e${i}`),
  } as Alert,
  transition: {
    alertId: id,
    action,
    from: 'raised',
    to: 'raised',
    level: 'blue',
    actor: 'rules',
    note: '',
    at: 0,
  },
});

describe('ScreenAlertFeed', () => {
  it('sends lifecycle steps at once and holds bare updates, the newest per alert, for the next flush', () => {
    const sent: AlertChange[][] = [];
    const feed = new ScreenAlertFeed((cs) => sent.push(cs));
    feed.offer([change('A1', 1, 'raise'), change('A2', 4, 'update'), change('A2', 5, 'update')]);
    expect(sent.map((m) => m.map((c) => `${c.alert.id}@${c.alert.version}`))).toEqual([['A1@1']]);
    feed.offer([change('A1', 2, 'update'), change('A3', 7, 'update')]);
    expect(sent).toHaveLength(1);
    feed.flush();
    expect(sent[1]!.map((c) => `${c.alert.id}@${c.alert.version}`)).toEqual(['A2@5', 'A1@2', 'A3@7']);
    feed.flush();
    expect(sent).toHaveLength(2);
  });

  it('drops a held update when a lifecycle step of the same alert goes (it carries the whole alert)', () => {
    const sent: AlertChange[][] = [];
    const feed = new ScreenAlertFeed((cs) => sent.push(cs));
    feed.offer([change('A1', 2, 'update')]);
    feed.offer([change('A1', 3, 'escalate')]);
    feed.flush();
    expect(sent.map((m) => m.map((c) => `${c.alert.id}@${c.alert.version}`))).toEqual([['A1@3']]);
  });

  it('sends screens the newest event ids only', () => {
    const sent: AlertChange[][] = [];
    const feed = new ScreenAlertFeed((cs) => sent.push(cs));
    feed.offer([change('A1', 1, 'raise', 50)]);
    const newest = Array.from({ length: SCREEN_EVENT_IDS }, (_, i) => `e${50 - SCREEN_EVENT_IDS + i}`);
    expect(sent[0]![0]!.alert.eventIds).toEqual(newest);
    expect(sent[0]![0]!.alert.count).toBe(50);
  });

  it('in a storm sends a budget of steps a second, the rest in order, red and orange first, and loses none', () => {
    const sent: AlertChange[][] = [];
    const feed = new ScreenAlertFeed((cs) => sent.push(cs));
    const storm = Array.from({ length: 2 * STEP_BUDGET + 500 }, (_, i) =>
      change(`A${i}`, 1, 'raise', 3, i === 2 * STEP_BUDGET + 100 ? 'red' : 'blue'),
    );
    feed.offer(storm);
    expect(sent.map((m) => m.length)).toEqual([STEP_BUDGET]);
    expect(feed.waiting().steps).toBe(STEP_BUDGET + 500);
    feed.drain();
    expect(sent[1]![0]!.alert.id).toBe(`A${2 * STEP_BUDGET + 100}`);
    expect(sent[1]!.slice(1, 3).map((c) => c.alert.id)).toEqual([`A${STEP_BUDGET}`, `A${STEP_BUDGET + 1}`]);
    expect(sent[1]).toHaveLength(STEP_BUDGET);
    // A new step waits behind those already waiting.
    feed.offer([change('B1', 1, 'raise')]);
    expect(sent).toHaveLength(2);
    feed.drain();
    expect(sent[2]).toHaveLength(501);
    expect(sent[2]!.at(-1)!.alert.id).toBe('B1');
    feed.drain();
    expect(sent).toHaveLength(3);
    const ids = new Set(sent.flat().map((c) => c.alert.id));
    expect(ids.size).toBe(storm.length + 1);
    // The queue is empty again: the next step goes at once.
    feed.offer([change('B2', 1, 'raise')]);
    expect(sent[3]!.map((c) => c.alert.id)).toEqual(['B2']);
  });

  it('a waiting step goes with the newest state of its alert, and a newer step replaces it', () => {
    const sent: AlertChange[][] = [];
    const feed = new ScreenAlertFeed((cs) => sent.push(cs));
    feed.offer(Array.from({ length: STEP_BUDGET }, (_, i) => change(`A${i}`, 1, 'raise')));
    feed.offer([change('X', 1, 'raise'), change('Y', 1, 'raise')]);
    feed.offer([change('X', 2, 'update'), change('Y', 3, 'escalate')]);
    expect(feed.waiting()).toEqual({ steps: 2, updates: 0 });
    feed.drain();
    expect(sent[1]!.map((c) => `${c.alert.id}@${c.alert.version} ${c.transition.action}`)).toEqual([
      'X@2 raise',
      'Y@3 escalate',
    ]);
  });

  it('sends at most UPDATE_BUDGET held updates per flush, the longest waiting first', () => {
    const sent: AlertChange[][] = [];
    const feed = new ScreenAlertFeed((cs) => sent.push(cs));
    feed.offer(Array.from({ length: UPDATE_BUDGET + 10 }, (_, i) => change(`A${i}`, 2, 'update')));
    // A newer update keeps its alert's place in line.
    feed.offer([change('A0', 3, 'update')]);
    feed.flush();
    expect(sent[0]).toHaveLength(UPDATE_BUDGET);
    expect(`${sent[0]![0]!.alert.id}@${sent[0]![0]!.alert.version}`).toBe('A0@3');
    feed.offer([change('Z', 2, 'update')]);
    feed.flush();
    expect(sent[1]!.map((c) => c.alert.id)).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `A${UPDATE_BUDGET + i}`),
      'Z',
    ]);
    expect(feed.waiting()).toEqual({ steps: 0, updates: 0 });
  });
});
