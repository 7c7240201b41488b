/**
 * Reads a V8 `.cpuprofile` (written by `node --cpu-prof`) and says where the time went within a window
 * of the run: self time by function and by module, the form a report can quote when a goal is missed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives: a package, a file of ours, or a V8 pseudo-frame such as (garbage collector). */
function moduleOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  if (url.startsWith('node:')) return url;
  const ours = /\/(server|shared)\/(.+)$/.exec(url);
  return ours ? `${ours[1]}/${ours[2]}` : path.basename(url);
}

/** The main thread's newest `.cpuprofile` in `dir` (CPU.<date>.<time>.<pid>.<thread>.<seq>), or null. */
export function newestProfile(dir: string): string | null {
  const files = readdirSync(dir).filter((f) => /\.\d+\.0\.\d+\.cpuprofile$/.test(f));
  files.sort();
  const last = files[files.length - 1];
  return last ? path.join(dir, last) : null;
}

/**
 * Summarises the samples taken between `fromEndMs` and `toEndMs` before the profile's end (the process
 * exit): the top functions and modules by self time, as shares of the window's samples.
 */
export function summarizeProfile(
  file: string,
  window: { fromEndMs: number; toEndMs: number },
  top = 8,
): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const lo = profile.endTime - window.fromEndMs * 1000;
  const hi = profile.endTime - window.toEndMs * 1000;
  const fnTime = new Map<string, number>();
  const modTime = new Map<string, number>();
  let t = profile.startTime;
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    t += dt;
    if (t < lo || t > hi) return;
    const node = byId.get(id);
    if (!node) return;
    const { functionName, url, lineNumber } = node.callFrame;
    const mod = moduleOf(url, functionName);
    const fn = `${functionName || '(anonymous)'} ${mod}${url && !mod.startsWith('(') ? `:${lineNumber + 1}` : ''}`;
    fnTime.set(fn, (fnTime.get(fn) ?? 0) + dt);
    modTime.set(mod, (modTime.get(mod) ?? 0) + dt);
    total += dt;
  });
  if (total === 0) return 'profile: no samples in the load window';
  const list = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => `${Math.round((v / total) * 100)} % ${k}`)
      .join('; ');
  return `server CPU profile over the load window (self time): by module: ${list(modTime)}. By function: ${list(fnTime)}`;
}
