import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteConnection, SECONDARY_CACHE_KIB, WAL_AUTOCHECKPOINT_PAGES } from './sqlite-connection';
import { openSqliteStore } from './sqlite-store';

describe('openSqliteConnection', () => {
  const dirs: string[] = [];
  const tempFile = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlite-connection-'));
    dirs.push(dir);
    return path.join(dir, 'db.sqlite');
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it("opens with the event store's durability: WAL and synchronous=NORMAL", async () => {
    const file = tempFile();
    const store = openSqliteStore(file);
    const db = openSqliteConnection(file, 'alerts');
    // 1 is NORMAL (2 would be FULL: an fsync on every commit).
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    // A small page cache of its own, not the driver's 16 MB (negative: KiB).
    expect(db.pragma('cache_size', { simple: true })).toBe(-SECONDARY_CACHE_KIB);
    // The same checkpoint interval as the event store's: any connection's commit may pass the mark.
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(WAL_AUTOCHECKPOINT_PAGES);
    expect(WAL_AUTOCHECKPOINT_PAGES).toBeGreaterThan(1000);
    db.close();
    await store.close();
  });

  it('says plainly when the event store has not migrated the file yet', () => {
    const file = tempFile();
    expect(() => openSqliteConnection(file, 'duty_roster')).toThrow(
      /has no duty_roster table: open it with openSqliteStore first/,
    );
  });
});
