import { stringDictionary } from './string-dictionary';

/**
 * A list of like-shaped records (alert changes, response plans) as columns: the keys named once per
 * list instead of once per record, every string once in `strings` and referred to by index, whole
 * numbers as differences from the one before. Alert changes and plans repeat most of their text (a
 * step's note is the description, every plan of a template carries the template's steps), so a message
 * of them is a third of its JSON's bytes or less, and parses into far fewer objects.
 *
 * Schema-free and lossless for JSON values: `unpackRecords(packRecords(rows))` deep-equals what
 * `JSON.parse(JSON.stringify(rows))` gives. Where values of one field differ in kind (a string here, a
 * number there) that field travels as plain JSON values.
 */
export interface RecordColumns<T> {
  n: number;
  /** The dictionary every string column indexes. */
  strings: string[];
  /** The column of the records themselves. */
  c: Column;
  /** Never set: ties the columns to the record type they decode to. */
  readonly rows?: T[];
}

export type Column =
  /** Strings (or null): dictionary indexes, -1 for null. */
  | { t: 's'; v: number[] }
  /** Integers within ±2^52 (or null): each the difference from the previous non-null one, the first from 0. */
  | { t: 'i'; v: (number | null)[] }
  /** Other numbers (or null), as they are. */
  | { t: 'f'; v: (number | null)[] }
  /** Booleans: 1, 0, or -1 for null. */
  | { t: 'b'; v: number[] }
  /** Every value null. */
  | { t: 'n' }
  /** Objects with the same keys: a column per key over the rows that are not null (`nul`: those that are). */
  | { t: 'o'; k: string[]; c: Column[]; nul?: number[] }
  /** Arrays: length per row (-1 for null); all their items, one after another, as one column. */
  | { t: 'a'; len: number[]; c: Column }
  /** Anything else, as plain JSON values. */
  | { t: 'j'; v: unknown[] };

type Kind = 'null' | 'string' | 'number' | 'boolean' | 'array' | 'object' | 'other';

function kindOf(v: unknown): Kind {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return Number.isFinite(v) ? 'number' : 'other';
    case 'boolean':
      return 'boolean';
    case 'object':
      if (Array.isArray(v)) return 'array';
      return Object.getPrototypeOf(v) === Object.prototype ? 'object' : 'other';
    default:
      return 'other';
  }
}

/** Encodes `rows` (JSON values, typically objects of one shape) as columns. */
export function packRecords<T>(rows: readonly T[]): RecordColumns<T> {
  const { strings, ix } = stringDictionary();
  return { n: rows.length, strings, c: encodeColumn(rows, ix) };
}

/** The records `packRecords` was given, in their order. */
export function unpackRecords<T>(packed: RecordColumns<T>): T[] {
  return decodeColumn(packed.c, packed.n, packed.strings) as T[];
}

function encodeColumn(values: readonly unknown[], ix: (s: string) => number): Column {
  let kind: Kind = 'null';
  let integers = true;
  for (const v of values) {
    const k = kindOf(v);
    if (k === 'null') continue;
    if (k === 'other' || (kind !== 'null' && k !== kind)) return { t: 'j', v: values.map(plain) };
    kind = k;
    // Within ±2^52 the differences stay safe integers too.
    if (k === 'number' && !(Number.isSafeInteger(v) && Math.abs(v as number) <= 2 ** 52)) integers = false;
  }
  switch (kind) {
    case 'null':
      return { t: 'n' };
    case 'string':
      return { t: 's', v: values.map((v) => (v === null ? -1 : ix(v as string))) };
    case 'boolean':
      return { t: 'b', v: values.map((v) => (v === null ? -1 : v ? 1 : 0)) };
    case 'number': {
      if (!integers) return { t: 'f', v: values as (number | null)[] };
      let previous = 0;
      return {
        t: 'i',
        v: values.map((v) => {
          if (v === null) return null;
          const d = (v as number) - previous;
          previous = v as number;
          return d;
        }),
      };
    }
    case 'array': {
      const items: unknown[] = [];
      const len = values.map((v) => {
        if (v === null) return -1;
        for (const item of v as unknown[]) items.push(item);
        return (v as unknown[]).length;
      });
      return { t: 'a', len, c: encodeColumn(items, ix) };
    }
    case 'object':
      return encodeObjects(values, ix);
    default:
      return { t: 'j', v: values.map(plain) };
  }
}

/** Objects of one key set as a column per key; any other mix travels as JSON values. */
function encodeObjects(values: readonly unknown[], ix: (s: string) => number): Column {
  const present = values.filter((v) => v !== null) as Record<string, unknown>[];
  const keys = Object.keys(present[0]!);
  const sameKeys = present.every((o) => {
    const own = Object.keys(o);
    return own.length === keys.length && keys.every((k) => Object.hasOwn(o, k) && o[k] !== undefined);
  });
  if (!sameKeys) return { t: 'j', v: values.map(plain) };
  const nul: number[] = [];
  values.forEach((v, i) => {
    if (v === null) nul.push(i);
  });
  const column: Column = {
    t: 'o',
    k: keys,
    c: keys.map((k) =>
      encodeColumn(
        present.map((o) => o[k]),
        ix,
      ),
    ),
  };
  if (nul.length > 0) column.nul = nul;
  return column;
}

/** What JSON makes of a value inside an array (undefined and functions become null). */
function plain(v: unknown): unknown {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol' ? null : v;
}

function decodeColumn(column: Column, n: number, strings: readonly string[]): unknown[] {
  switch (column.t) {
    case 's':
      return column.v.map((i) => (i < 0 ? null : strings[i]!));
    case 'i': {
      let previous = 0;
      return column.v.map((d) => {
        if (d === null) return null;
        previous += d;
        return previous;
      });
    }
    case 'f':
    case 'j':
      return column.v;
    case 'b':
      return column.v.map((b) => (b < 0 ? null : b === 1));
    case 'n':
      return new Array(n).fill(null);
    case 'a': {
      const total = column.len.reduce((sum, l) => sum + Math.max(l, 0), 0);
      const items = decodeColumn(column.c, total, strings);
      let at = 0;
      return column.len.map((l) => {
        if (l < 0) return null;
        const row = items.slice(at, at + l);
        at += l;
        return row;
      });
    }
    case 'o': {
      const nul = column.nul ?? [];
      const count = n - nul.length;
      const fields = column.c.map((c) => decodeColumn(c, count, strings));
      const rows: unknown[] = new Array(n);
      let next = 0;
      let nulAt = 0;
      for (let r = 0; r < n; r++) {
        if (nul[nulAt] === r) {
          rows[r] = null;
          nulAt++;
          continue;
        }
        const o: Record<string, unknown> = {};
        for (let f = 0; f < column.k.length; f++) o[column.k[f]!] = fields[f]![next];
        rows[r] = o;
        next++;
      }
      return rows;
    }
  }
}
