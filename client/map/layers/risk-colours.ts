/** Warm colours from calm to critical, readable over the dark base map. */
export const RISK_COLOR_RANGE: [number, number, number][] = [
  [255, 255, 178],
  [254, 217, 118],
  [254, 178, 76],
  [253, 141, 60],
  [240, 59, 32],
  [189, 0, 38],
];

/** RGBA per micro-grid for a risk update: transparent where the score is 0. */
export function riskColours(scores: readonly number[], max: number): Uint8Array {
  const out = new Uint8Array(4 * scores.length);
  const top = Math.max(1, max);
  for (let i = 0; i < scores.length; i++) {
    const v = scores[i]! / top;
    if (v <= 0) continue;
    const c =
      RISK_COLOR_RANGE[Math.min(RISK_COLOR_RANGE.length - 1, Math.floor(v * RISK_COLOR_RANGE.length))]!;
    const o = 4 * i;
    out[o] = c[0];
    out[o + 1] = c[1];
    out[o + 2] = c[2];
    out[o + 3] = Math.round(60 + 140 * v);
  }
  return out;
}
