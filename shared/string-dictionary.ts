/**
 * The dictionary of a column encoding (shared/snapshot-columns.ts, shared/record-columns.ts): each
 * distinct string once in `strings`, referred to by its index, so that a message names a category, a
 * status or a step's text once however many rows carry it.
 */
export interface StringDictionary {
  readonly strings: string[];
  /** The index of `s`, adding it the first time it is seen. */
  ix(s: string): number;
}

export function stringDictionary(): StringDictionary {
  const strings: string[] = [];
  const index = new Map<string, number>();
  return {
    strings,
    ix(s) {
      let i = index.get(s);
      if (i === undefined) {
        i = strings.length;
        strings.push(s);
        index.set(s, i);
      }
      return i;
    },
  };
}
