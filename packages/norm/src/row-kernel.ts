/**
 * The fused kernels behind layer, group, instance and RMS normalization. All four normalize contiguous
 * *rows* of the input: a row is one sample's normalized dims (LayerNorm, RMSNorm), one sample's group of
 * channels (GroupNorm) or one sample's channel (InstanceNorm). They differ only in which affine parameter
 * an element of a row uses, which `RowLayout` captures, and in whether the mean is subtracted (RMSNorm
 * does not). Batch norm's statistics run across rows, so it has its own kernel in `batch-norm.ts`.
 */
import type { TypedArray } from '@poise/tensor';
import type { FloatArray } from './common';

/**
 * `rows` rows of `M = Cg * S` contiguous values each. Element `k * S + s` of row `r` uses affine parameter
 * `(r % G) * Cg + k`:
 * - LayerNorm / RMSNorm: G = 1, Cg = M, S = 1 (one parameter per element of the normalized shape);
 * - GroupNorm: G groups, Cg = C / G channels per group, S spatial values per channel;
 * - InstanceNorm: G = C, Cg = 1, S spatial values.
 */
export interface RowLayout {
  rows: number;
  G: number;
  Cg: number;
  S: number;
}

/**
 * Per-row statistics in float64, one pass. Centered (`centered` true): the biased mean and variance, with
 * each row's values shifted by its first value before summing (so a large mean does not cancel a small
 * variance away). Uncentered (RMSNorm): `mean` is left 0 and `variance` is the mean of squares.
 */
export function rowStats(xs: TypedArray, rows: number, M: number, centered: boolean, mean: Float64Array, variance: Float64Array): void {
  for (let r = 0; r < rows; r++) {
    const off = r * M;
    if (!centered) {
      let sq = 0;
      for (let i = 0; i < M; i++) {
        const v = xs[off + i];
        sq += v * v;
      }
      variance[r] = sq / M;
      continue;
    }
    const k = xs[off];
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < M; i++) {
      const d = xs[off + i] - k;
      s1 += d;
      s2 += d * d;
    }
    const m = s1 / M;
    mean[r] = k + m;
    const v = s2 / M - m * m;
    variance[r] = v > 0 ? v : 0;
  }
}

/**
 * y = (x - mean_r) * invstd_r * weight_p + bias_p in float64, rounded once into the output's dtype
 * (weight and bias optional; p is the element's affine index, see `RowLayout`).
 */
export function rowNormalize(
  xs: TypedArray, out: FloatArray, L: RowLayout,
  mean: Float64Array, invstd: Float64Array, w: TypedArray | null, b: TypedArray | null,
): void {
  const { rows, G, Cg, S } = L;
  const M = Cg * S;
  for (let r = 0; r < rows; r++) {
    const m = mean[r];
    const is = invstd[r];
    const off = r * M;
    const p0 = (r % G) * Cg;
    if (S === 1) {
      // One parameter per element (LayerNorm, RMSNorm, GroupNorm without spatial dims).
      for (let k = 0; k < Cg; k++) {
        const i = off + k;
        const h = (xs[i] - m) * is;
        out[i] = (w === null ? h : h * w[p0 + k]) + (b === null ? 0 : b[p0 + k]);
      }
      continue;
    }
    for (let k = 0; k < Cg; k++) {
      // Per channel: fold normalization and affine into y = x * a + c.
      const a = w === null ? is : is * w[p0 + k];
      const c = (b === null ? 0 : b[p0 + k]) - m * a;
      const base = off + k * S;
      for (let s = 0; s < S; s++) out[base + s] = xs[base + s] * a + c;
    }
  }
}

/**
 * The fused backward: dx, dweight and dbias in two passes over each row.
 *
 * With xhat = (x - mean) * invstd, dxhat = dy * weight_p and sums over the row's M values:
 *
 *     dbias_p   += dy,   dweight_p += dy * xhat                       (summed over all rows)
 *     dx = (1/M) * invstd * (M * dxhat - sum(dxhat) - xhat * sum(dxhat * xhat))   (centered, batch stats)
 *     dx = invstd * (dxhat - xhat * sum(dxhat * xhat) / M)                        (RMSNorm: mean is 0)
 *     dx = invstd * dxhat                                  (`inputStats` false: the statistics are constants)
 *
 * The first pass over a row accumulates sum(dxhat), sum(dxhat * xhat), dweight and dbias; the second writes
 * dx while the row is still in cache. Only non-null outputs are computed. Typed arrays only: it runs the
 * same inside or outside `noGrad`.
 */
export function rowBackward(
  xs: TypedArray, gs: TypedArray, L: RowLayout,
  mean: Float64Array, invstd: Float64Array, w: TypedArray | null, centered: boolean, inputStats: boolean,
  dx: FloatArray | null, dw: FloatArray | null, db: FloatArray | null,
): void {
  const { rows, G, Cg, S } = L;
  const M = Cg * S;
  // Parameter gradients are accumulated in float64 and rounded once at the end.
  const accW = dw === null ? null : new Float64Array(dw.length);
  const accB = db === null ? null : new Float64Array(db.length);
  const rowSums = dx !== null && inputStats;
  const sums = rowSums || accW !== null || accB !== null;
  for (let r = 0; r < rows; r++) {
    const m = mean[r];
    const is = invstd[r];
    const off = r * M;
    const p0 = (r % G) * Cg;
    let sumDxhat = 0;
    let sumDxhatXhat = 0;
    if (sums && S === 1) {
      // One parameter per element (LayerNorm, RMSNorm): a flat loop over the row.
      for (let k = 0; k < Cg; k++) {
        const i = off + k;
        const dy = gs[i];
        const xhat = (xs[i] - m) * is;
        const dyw = w === null ? dy : dy * w[p0 + k];
        sumDxhat += dyw;
        sumDxhatXhat += dyw * xhat;
        if (accB !== null) accB[p0 + k] += dy;
        if (accW !== null) accW[p0 + k] += dy * xhat;
      }
    } else if (sums) {
      for (let k = 0; k < Cg; k++) {
        const p = p0 + k;
        const wp = w === null ? 1 : w[p];
        const base = off + k * S;
        let s1 = 0;
        let s2 = 0;
        for (let i = base, end = base + S; i < end; i++) {
          const dy = gs[i];
          s1 += dy;
          s2 += dy * (xs[i] - m);
        }
        s2 *= is;
        if (accB !== null) accB[p] += s1;
        if (accW !== null) accW[p] += s2;
        sumDxhat += wp * s1;
        sumDxhatXhat += wp * s2;
      }
    }
    if (dx === null) continue;
    // dx = invstd * (dxhat - a - xhat * c) = (w * invstd) * dy - invstd * a - (x - mean) * invstd^2 * c.
    const a = inputStats && centered ? sumDxhat / M : 0;
    const c = inputStats ? sumDxhatXhat / M : 0;
    const shift = -is * a;
    const slope = -is * is * c;
    if (S === 1) {
      for (let k = 0; k < Cg; k++) {
        const i = off + k;
        const wk = w === null ? is : w[p0 + k] * is;
        dx[i] = wk * gs[i] + shift + (xs[i] - m) * slope;
      }
      continue;
    }
    for (let k = 0; k < Cg; k++) {
      const wk = w === null ? is : w[p0 + k] * is;
      const base = off + k * S;
      for (let i = base, end = base + S; i < end; i++) dx[i] = wk * gs[i] + shift + (xs[i] - m) * slope;
    }
  }
  if (dw !== null && accW !== null) dw.set(accW);
  if (db !== null && accB !== null) db.set(accB);
}
