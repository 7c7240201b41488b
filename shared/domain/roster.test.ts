import { describe, expect, it } from 'vitest';
import { dutyToday, maskRosterEntry, onDuty, parseRosterCsv, splitCsvLine } from './roster';

const TZ = 'Asia/Shanghai';
const SCOPES = new Set(['city', 'D01', 'D02']);
const H = 3_600_000;
const at = (day: number, hour: number) => Date.UTC(2025, 0, day, hour - 8);

const GOOD = [
  'scope,role,name,phone,start,end',
  'city,leader,陈建国,13812345678,2025-01-15 08:00,2025-01-16 08:00',
  'D01,officer,"林, 芳",0577-6888 1234,2025-01-15 08:00,2025-01-15 20:00',
  '',
  'D01,leader,王伟,13900001111,2025-01-15T20:00+08:00,2025-01-16 08:00',
  'city,officer,张敏,13700002222,2025-01-14 08:00,2025-01-15 08:00',
].join('\r\n');

describe('parseRosterCsv', () => {
  it('reads shifts in city time, city first and leaders first', () => {
    const r = parseRosterCsv(`\uFEFF${GOOD}`, TZ, SCOPES);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.entries.map((e) => `${e.scope}/${e.role}/${e.name}`)).toEqual([
      'city/leader/陈建国',
      'city/officer/张敏',
      'D01/leader/王伟',
      'D01/officer/林, 芳',
    ]);
    expect(r.entries[0]).toMatchObject({ start: at(15, 8), end: at(16, 8) });
  });

  it('takes the columns in any order', () => {
    const r = parseRosterCsv(
      'name,scope,role,start,end,phone\n李丽,D02,officer,2025-01-15 08:00,2025-01-15 20:00,110',
      TZ,
      SCOPES,
    );
    expect(r.ok && r.entries[0]).toMatchObject({ name: '李丽', scope: 'D02', phone: '110' });
  });

  it('names every bad row by its line number and returns no entries', () => {
    const csv = [
      'scope,role,name,phone,start,end',
      'city,leader,陈建国,13812345678,2025-01-15 08:00,2025-01-16 08:00',
      'D99,leader,王伟,13900001111,2025-01-15 08:00,2025-01-15 20:00',
      'D01,chief,王伟,13900001111,2025-01-15 08:00,2025-01-15 20:00',
      'D01,officer,王伟,not-a-phone,2025-01-15 20:00,2025-01-15 08:00',
      'D01,officer,王伟,139',
      'D02,officer,"王伟,139,2025-01-15 08:00,2025-01-15 20:00',
      'D02,officer,李丽,139,2025-02-30 08:00,2025-01-15 20:00',
      'D02,officer,李丽,139,2025-01-15 08:00,2025-01-19 20:00',
    ].join('\n');
    const r = parseRosterCsv(csv, TZ, SCOPES);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      { line: 3, message: 'unknown scope "D99" (city or a district id)' },
      { line: 4, message: 'unknown role "chief" (leader or officer)' },
      { line: 5, message: 'phone "not-a-phone" is not a phone number' },
      { line: 5, message: 'end must be after start' },
      { line: 6, message: 'expected 6 fields, got 4' },
      { line: 7, message: 'unbalanced quotes' },
      { line: 8, message: 'start "2025-02-30 08:00" is not a time (YYYY-MM-DD HH:mm)' },
      { line: 9, message: 'a shift may last at most 48 hours' },
    ]);
  });

  it('refuses a file without the header or without shifts', () => {
    expect(parseRosterCsv('a,b\n', TZ, SCOPES)).toMatchObject({ ok: false, problems: [{ line: 1 }] });
    expect(parseRosterCsv('scope,role,name,phone,start,end\n\n', TZ, SCOPES)).toEqual({
      ok: false,
      problems: [{ line: 1, message: 'the roster has no shifts' }],
    });
  });
});

describe('who is on duty', () => {
  const r = parseRosterCsv(GOOD, TZ, SCOPES);
  const entries = r.ok ? r.entries : [];
  it('picks shifts running now, end exclusive', () => {
    expect(onDuty(entries, at(15, 8)).map((e) => e.name)).toEqual(['陈建国', '林, 芳']);
    expect(onDuty(entries, at(15, 20)).map((e) => e.name)).toEqual(['陈建国', '王伟']);
    expect(onDuty(entries, at(15, 7)).map((e) => e.name)).toEqual(['张敏']);
  });
  it('lists the shifts that touch the city day, not the UTC day', () => {
    // 23:30 on the 15th in Longgang is 15:30 UTC: still the 15th there.
    expect(dutyToday(entries, at(15, 23) + 0.5 * H, TZ)).toHaveLength(4);
    expect(dutyToday(entries, at(16, 9), TZ).map((e) => e.name)).toEqual(['陈建国', '王伟']);
  });
  it('masks the phone, keeps the name', () => {
    expect(maskRosterEntry(entries[0]!)).toMatchObject({ name: '陈建国', phone: '138****5678' });
  });
});

describe('splitCsvLine', () => {
  it('handles quotes and doubled quotes', () => {
    expect(splitCsvLine('a,"b,c","say ""hi""",')).toEqual(['a', 'b,c', 'say "hi"', '']);
  });
});
