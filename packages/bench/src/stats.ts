/** Small statistics and the ratio / target logic of the table (pure functions, unit-tested). */

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median absolute deviation relative to the median (a robust spread, printed as +-%). */
export function relativeSpread(xs: readonly number[]): number {
  const m = median(xs);
  if (!(m > 0)) return NaN;
  return median(xs.map((x) => Math.abs(x - m))) / m;
}

/** poise's time divided by the peer's (below 1: poise is faster). NaN when either is missing. */
export function timeRatio(poiseSeconds: number | undefined, peerSeconds: number | undefined): number {
  if (poiseSeconds === undefined || peerSeconds === undefined || !(poiseSeconds > 0) || !(peerSeconds > 0)) return NaN;
  return poiseSeconds / peerSeconds;
}

/**
 * The median of per-round ratios: each round times poise and the peer back to back, so a ratio taken within a
 * round cancels most of the machine's load drift. Falls back to the ratio of medians when rounds do not pair up.
 */
export function pairedRatio(poise: readonly number[], peer: readonly number[]): number {
  const n = Math.min(poise.length, peer.length);
  if (n === 0) return NaN;
  const r: number[] = [];
  for (let i = 0; i < n; i++) if (poise[i] > 0 && peer[i] > 0) r.push(poise[i] / peer[i]);
  return r.length ? median(r) : timeRatio(median(poise), median(peer));
}

/** A speed target: a maximum poise/peer time ratio, or a minimum fraction of the machine's peak GFLOP/s. */
export type Target =
  | { kind: 'ratio'; peer: 'torch' | 'tfjs'; max: number }
  | { kind: 'peak'; min: number };

export type Verdict = 'met' | 'missed' | 'n/a';

export function judge(target: Target, ratios: Partial<Record<'torch' | 'tfjs', number>>, peakFraction?: number): Verdict {
  if (target.kind === 'ratio') {
    const r = ratios[target.peer];
    if (r === undefined || Number.isNaN(r)) return 'n/a';
    return r <= target.max ? 'met' : 'missed';
  }
  if (peakFraction === undefined || Number.isNaN(peakFraction)) return 'n/a';
  return peakFraction >= target.min ? 'met' : 'missed';
}

export function describeTarget(t: Target): string {
  return t.kind === 'ratio' ? `<= ${t.max.toFixed(2)}x ${t.peer}` : `>= ${Math.round(t.min * 100)}% of peak`;
}

/** Seconds as a short human string (us / ms / s). */
export function fmtTime(s: number | undefined): string {
  if (s === undefined || Number.isNaN(s)) return '-';
  if (s < 1e-3) return `${(s * 1e6).toFixed(s < 1e-4 ? 1 : 0)} us`;
  if (s < 1) return `${(s * 1e3).toFixed(s < 1e-2 ? 2 : s < 0.1 ? 1 : 0)} ms`;
  return `${s.toFixed(2)} s`;
}

export function fmtRatio(r: number | undefined): string {
  if (r === undefined || Number.isNaN(r)) return '-';
  return `${r.toFixed(2)}x`;
}

export function fmtBytes(b: number | undefined): string {
  if (b === undefined || Number.isNaN(b)) return '-';
  return `${Math.round(b / 2 ** 20)} MiB`;
}
