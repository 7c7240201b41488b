import { describe, expect, it } from 'vitest';
import type { Alert, AlertChange, AlertTransition } from '../../shared/schemas/alert';
import { ScreenAlertFeed } from './screen-alert-feed';

const change = (id: string, version: number, action: AlertTransition['action'], ids = 3): AlertChange => ({
  seq: version,
  alert: { id, version, count: ids, eventIds: Array.from({ length: ids }, (_, i) => `e${i}`) } as Alert,
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
    expect(sent[0]![0]!.alert.eventIds).toHaveLength(10);
    expect(sent[0]![0]!.alert.count).toBe(50);
  });
});
