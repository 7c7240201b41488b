/**
 * Speeds as the map and the TPI may use them at `now`: a segment whose last observation is older than
 * `staleMs` (or that was never observed) becomes NaN, "unknown", rather than keeping its old speed.
 * A stale reading is a guess about the present; the wall shows it grey instead.
 *
 * `observedAt` holds the time of each segment's last observation (epoch ms, 0 = never).
 */
export function freshValues(
  values: ArrayLike<number>,
  observedAt: ArrayLike<number>,
  now: number,
  staleMs: number,
): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const at = observedAt[i] ?? 0;
    out[i] = at > 0 && now - at <= staleMs ? (values[i] ?? Number.NaN) : Number.NaN;
  }
  return out;
}
