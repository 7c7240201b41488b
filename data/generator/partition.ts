import type { Position } from '../../shared/geo/geometry';

/** A graph of cells: positions (seed points) and adjacency (cells sharing an edge). */
export interface CellGraph {
  pos: readonly Position[];
  neighbors: readonly (readonly number[])[];
}

/** Binary min-heap of [key, group, node] entries. */
class Heap {
  private items: [number, number, number][] = [];
  get size() {
    return this.items.length;
  }
  push(item: [number, number, number]) {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]![0] <= a[i]![0]) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }
  pop(): [number, number, number] {
    const a = this.items;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l]![0] < a[m]![0]) m = l;
        if (r < a.length && a[r]![0] < a[m]![0]) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}

const dist = (a: Position, b: Position) => Math.hypot(a[0] - b[0], (a[1] - b[1]) * 1.13); // lat° is ~1.13 lon° here

/**
 * Grows one region per anchor at once through the graph (a multi-source Dijkstra where each region
 * advances only from cells it already holds), with distances scaled by a per-region weight. Regions
 * are connected by construction; weights are tuned over rounds so sizes approach `targets`.
 */
export function growRegions(
  g: CellGraph,
  nodes: readonly number[],
  anchors: readonly number[],
  targets: readonly number[],
): Map<number, number> {
  const allowed = new Set(nodes);
  const weights = anchors.map(() => 1);
  let best: Map<number, number> = new Map();
  let bestErr = Infinity;
  for (let round = 0; round < 30; round++) {
    const owner = new Map<number, number>();
    const heap = new Heap();
    anchors.forEach((a, k) => {
      heap.push([0, k, a]);
    });
    while (heap.size > 0) {
      const [d, k, v] = heap.pop();
      if (owner.has(v)) continue;
      owner.set(v, k);
      for (const u of g.neighbors[v] ?? []) {
        if (allowed.has(u) && !owner.has(u)) heap.push([d + dist(g.pos[v]!, g.pos[u]!) / weights[k]!, k, u]);
      }
    }
    const sizes = anchors.map(() => 0);
    for (const k of owner.values()) sizes[k]!++;
    const err = Math.max(...sizes.map((s, k) => Math.abs(s - targets[k]!) / targets[k]!));
    if (err < bestErr) {
      bestErr = err;
      best = owner;
    }
    sizes.forEach((s, k) => {
      weights[k]! *= ((targets[k]! + 1) / (s + 1)) ** 0.5;
    });
  }
  return best;
}

/**
 * Picks k distinct anchor cells spread over `nodes`: farthest-point start, then a few k-means steps,
 * each centre snapped to its nearest unused cell. Deterministic for a given input order.
 */
export function pickAnchors(g: CellGraph, nodes: readonly number[], k: number): number[] {
  const pts = nodes.map((n) => g.pos[n]!);
  const mean: Position = [
    pts.reduce((s, p) => s + p[0], 0) / pts.length,
    pts.reduce((s, p) => s + p[1], 0) / pts.length,
  ];
  let first = 0;
  pts.forEach((p, i) => {
    if (dist(p, mean) > dist(pts[first]!, mean)) first = i;
  });
  const centres: Position[] = [pts[first]!];
  const near = pts.map((p) => dist(p, pts[first]!));
  while (centres.length < k) {
    let far = 0;
    near.forEach((d, i) => {
      if (d > near[far]!) far = i;
    });
    centres.push(pts[far]!);
    pts.forEach((p, i) => {
      near[i] = Math.min(near[i]!, dist(p, pts[far]!));
    });
  }
  for (let iter = 0; iter < 12; iter++) {
    const sum = centres.map(() => [0, 0, 0]);
    for (const p of pts) {
      let c = 0;
      centres.forEach((q, j) => {
        if (dist(p, q) < dist(p, centres[c]!)) c = j;
      });
      sum[c]![0]! += p[0];
      sum[c]![1]! += p[1];
      sum[c]![2]! += 1;
    }
    sum.forEach(([x, y, n], j) => {
      if (n) centres[j] = [x! / n, y! / n];
    });
  }
  const used = new Set<number>();
  return centres.map((c) => {
    let bestNode = -1;
    for (const n of nodes) {
      if (used.has(n)) continue;
      if (bestNode < 0 || dist(g.pos[n]!, c) < dist(g.pos[bestNode]!, c)) bestNode = n;
    }
    used.add(bestNode);
    return bestNode;
  });
}

/** Splits `nodes` into k connected regions of about equal size; returns the member lists. */
export function splitEvenly(g: CellGraph, nodes: readonly number[], k: number): number[][] {
  const anchors = pickAnchors(g, nodes, k);
  const owner = growRegions(
    g,
    nodes,
    anchors,
    anchors.map(() => nodes.length / k),
  );
  const groups: number[][] = anchors.map(() => []);
  for (const n of nodes) groups[owner.get(n)!]!.push(n);
  return groups;
}
