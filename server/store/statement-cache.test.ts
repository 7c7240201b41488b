import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { statementCache } from './statement-cache';

describe('statementCache', () => {
  it('prepares a text once and hands the same statement back; starts over past its bound', () => {
    const db = new Database(':memory:');
    db.exec("CREATE TABLE t (id TEXT PRIMARY KEY, v INTEGER); INSERT INTO t VALUES ('a', 1)");
    const prepare = statementCache(db, 2);
    const a = prepare('SELECT v FROM t WHERE id = ?');
    expect(prepare('SELECT v FROM t WHERE id = ?')).toBe(a);
    expect(a.pluck().get('a')).toBe(1);
    prepare('SELECT 1');
    prepare('SELECT 2');
    expect(prepare('SELECT v FROM t WHERE id = ?')).not.toBe(a);
    db.close();
  });
});
