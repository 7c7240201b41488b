import { describe, expect, it } from 'vitest';
import { coalesce } from './coalesce';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('coalesce', () => {
  it('hands over everything pushed in one turn as one list, in order', async () => {
    const emitted: number[][] = [];
    const push = coalesce<number>((items) => emitted.push(items));
    for (let i = 0; i < 5; i++) push(i);
    expect(emitted).toEqual([]);
    await nextTurn();
    expect(emitted).toEqual([[0, 1, 2, 3, 4]]);
  });

  it('starts a new list for pushes in a later turn and emits nothing when nothing was pushed', async () => {
    const emitted: string[][] = [];
    const push = coalesce<string>((items) => emitted.push(items));
    push('a');
    await nextTurn();
    await nextTurn();
    push('b');
    push('c');
    await nextTurn();
    expect(emitted).toEqual([['a'], ['b', 'c']]);
  });
});
