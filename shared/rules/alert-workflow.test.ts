import { describe, expect, it } from 'vitest';
import { rulesConfig } from '../../tests/fixtures/rule-timeline';
import { emptyBook } from './alert-book';
import { reduceSignals } from './alert-reducer';
import { applyAlertCommand } from './alert-workflow';

function raised() {
  const book = emptyBook();
  const [u] = reduceSignals(
    book,
    [
      {
        rule: 'key-person',
        key: 'key-person:e1',
        level: 'orange',
        scope: { level: 'full', gridId: 'f1', districtId: 'd1', communityId: 'c1' },
        title: 't',
        description: 'd',
        lon: 120.5,
        lat: 27.5,
        eventIds: ['e1'],
        capCategory: 'Security',
        certainty: 'Observed',
      },
    ],
    new Set(['key-person']),
    { now: 1000, config: rulesConfig(), newId: () => 'AL1' },
  );
  return u!.alert;
}

describe('alert lifecycle', () => {
  it('goes raised → acknowledged → assigned → resolved → closed, recording who, when and why', () => {
    let alert = raised();
    const steps = [
      ['acknowledge', { actor: 'user:duty', note: '已知悉' }],
      ['assign', { actor: 'user:lead', assignee: 'D01 网格队' }],
      ['resolve', { actor: 'user:duty', note: '已处置' }],
      ['close', { actor: 'user:lead' }],
    ] as const;
    const statuses: string[] = [];
    steps.forEach(([command, input], i) => {
      const r = applyAlertCommand(alert, command, input, 2000 + i);
      if (!r.ok) throw new Error(r.reason);
      expect(r.transition).toMatchObject({
        alertId: 'AL1',
        action: command,
        from: alert.status,
        actor: input.actor,
        at: 2000 + i,
      });
      alert = r.alert;
      statuses.push(alert.status);
    });
    expect(statuses).toEqual(['acknowledged', 'assigned', 'resolved', 'closed']);
    expect(alert).toMatchObject({
      acknowledgedBy: 'user:duty',
      acknowledgedAt: 2000,
      assignee: 'D01 网格队',
      resolvedAt: 2002,
      closedAt: 2003,
      version: 5,
    });
  });

  it('refuses illegal steps with a reason and assign without an assignee', () => {
    const alert = raised();
    const r = applyAlertCommand(alert, 'close', { actor: 'x' }, 2000);
    expect(r).toEqual({
      ok: false,
      reason: 'cannot close an alert that is raised (已发布); allowed from: resolved',
    });
    const ack = applyAlertCommand(alert, 'acknowledge', { actor: 'x' }, 2000);
    if (!ack.ok) throw new Error(ack.reason);
    expect(applyAlertCommand(ack.alert, 'assign', { actor: 'x', assignee: ' ' }, 2001)).toEqual({
      ok: false,
      reason: 'assign needs an assignee',
    });
    expect(applyAlertCommand(ack.alert, 'acknowledge', { actor: 'x' }, 2001).ok).toBe(false);
  });
});
