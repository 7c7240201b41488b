import type { CDPSession } from 'playwright-core';

/**
 * What a page's heap holds, from a V8 heap snapshot (CDP HeapProfiler.takeHeapSnapshot, which collects
 * garbage first): the self size of every live object, split into compiled code and the rest, and the
 * rest by class. Compiled code (bytecode and machine code, V8's node type "code") grows for minutes
 * as V8 tiers up the functions a page runs and is bounded by the page's own scripts; the rest is what
 * a leak would grow: JavaScript objects (V8's heap) and native ones (the browser's, outside it).
 */
export interface HeapCensus {
  /** Bytes of every live object. */
  total: number;
  /** Bytes of compiled code (node type "code"). */
  code: number;
  /** Bytes of native objects (node type "native": the browser's own, WebGL objects, array buffers' memory). */
  native: number;
  /** Bytes and counts of the other objects by "type:name" (constructor name for JS objects). */
  byClass: Map<string, { count: number; size: number }>;
}

/** The parts of a .heapsnapshot the census reads (node_types[0]: the names of the node types). */
export interface RawSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: unknown[][] } };
  nodes: number[];
  strings: string[];
}

/** Counts the heap of the page behind `cdp` (HeapProfiler must be enabled). */
export async function heapCensus(cdp: CDPSession): Promise<HeapCensus> {
  const chunks: string[] = [];
  const onChunk = (p: { chunk: string }) => chunks.push(p.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  }
  return censusOf(JSON.parse(chunks.join('')) as RawSnapshot);
}

/** The census of a parsed .heapsnapshot. */
export function censusOf(raw: RawSnapshot): HeapCensus {
  const fields = raw.snapshot.meta.node_fields;
  const types = raw.snapshot.meta.node_types[0] as string[];
  const width = fields.length;
  const iType = fields.indexOf('type');
  const iName = fields.indexOf('name');
  const iSize = fields.indexOf('self_size');
  const byClass = new Map<string, { count: number; size: number }>();
  let total = 0;
  let code = 0;
  let native = 0;
  for (let o = 0; o < raw.nodes.length; o += width) {
    const size = raw.nodes[o + iSize]!;
    const type = types[raw.nodes[o + iType]!]!;
    total += size;
    if (type === 'code') {
      code += size;
      continue;
    }
    if (type === 'native') native += size;
    const key = `${type}:${raw.strings[raw.nodes[o + iName]!]!.slice(0, 60)}`;
    const c = byClass.get(key);
    if (c) {
      c.count++;
      c.size += size;
    } else byClass.set(key, { count: 1, size });
  }
  return { total, code, native, byClass };
}

/** The classes that grew most from `before` to `after`, in bytes (largest first). */
export function grownClasses(
  before: HeapCensus,
  after: HeapCensus,
  top: number,
): { name: string; count: number; size: number }[] {
  const grown = [...after.byClass].map(([name, a]) => {
    const b = before.byClass.get(name) ?? { count: 0, size: 0 };
    return { name, count: a.count - b.count, size: a.size - b.size };
  });
  return grown.sort((x, y) => y.size - x.size).slice(0, top);
}
