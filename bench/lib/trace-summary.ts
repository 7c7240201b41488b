/**
 * Self time on a page's renderer main thread by trace event name (script, style, layout, paint…), from
 * a Chrome trace (Playwright's `browser.startTracing`): where a step's main-thread time goes beyond what
 * the JS profiler samples. Nested complete events are unwound so that each millisecond counts once.
 */
interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

/** Self thread time (ms) per event name on the renderer main threads, and the total of top-level tasks. */
export function mainThreadSelfTime(trace: Buffer | string): { total: number; byName: Map<string, number> } {
  const events = (JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] }).traceEvents;
  const mainThreads = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const complete = events
    .filter((e) => e.ph === 'X' && mainThreads.has(`${e.pid}:${e.tid}`) && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const byName = new Map<string, number>();
  let total = 0;
  const stack: { end: number; name: string; self: number }[] = [];
  const pop = () => {
    const done = stack.pop()!;
    byName.set(done.name, (byName.get(done.name) ?? 0) + done.self / 1000);
  };
  for (const e of complete) {
    while (stack.length > 0 && stack[stack.length - 1]!.end <= e.ts) pop();
    // Thread time where the trace has it (a task waiting on the GPU is not main-thread work).
    const own = e.tdur ?? e.dur!;
    const parent = stack[stack.length - 1];
    if (parent) parent.self -= own;
    else total += own / 1000;
    stack.push({ end: e.ts + e.dur!, name: e.name, self: own });
  }
  while (stack.length > 0) pop();
  return { total, byName };
}

/** "name ms; …" for the largest entries, per step. */
export function formatSelfTime(
  s: { total: number; byName: Map<string, number> },
  steps: number,
  top = 14,
): string {
  const list = [...s.byName]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, v]) => `${k} ${(v / steps).toFixed(2)}`)
    .join('; ');
  return `${(s.total / steps).toFixed(2)} ms per step in tasks; self ms per step: ${list}`;
}

interface CpuProfile {
  nodes: {
    id: number;
    children?: number[];
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  }[];
  samples?: number[];
  timeDeltas?: number[];
}

/**
 * Inclusive time (ms per profile) of the functions whose frames hold the most samples: where a step's
 * script time goes by caller (a batch's store update, React's render, deck.gl's frame), not only by leaf.
 */
export function inclusiveTime(profiles: CpuProfile[], top = 25): string {
  const inclusive = new Map<string, number>();
  let busy = 0;
  for (const p of profiles) {
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    (p.samples ?? []).forEach((id, i) => {
      const dt = (p.timeDeltas?.[i] ?? 0) / 1000;
      if (byId.get(id)?.callFrame.functionName !== '(idle)') busy += dt;
      const seen = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const { functionName, url, lineNumber, columnNumber } = byId.get(at)!.callFrame;
        // (program) is the engine's own native work, (garbage collector) the collector's: both kept.
        if (functionName === '(root)' || functionName === '(idle)') continue;
        const file = url ? (url.split('/').pop() ?? url).replace(/-[\w-]{8}\.js$/, '.js') : '';
        const name = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}:${columnNumber + 1}`;
        if (seen.has(name)) continue;
        seen.add(name);
        inclusive.set(name, (inclusive.get(name) ?? 0) + dt);
      }
    });
  }
  return [
    `${(busy / profiles.length).toFixed(2)} busy (all samples but idle)`,
    ...[...inclusive]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => `${(v / profiles.length).toFixed(2)} ${k}`),
  ].join('\n    ');
}
