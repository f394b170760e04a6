/**
 * Batch normalization (Ioffe & Szegedy 2015, "Batch Normalization: Accelerating Deep Network Training by
 * Reducing Internal Covariate Shift", https://arxiv.org/abs/1502.03167): the functional `batchNorm` and the
 * modules `BatchNorm1d` and `BatchNorm2d`, with one fused kernel for the forward and one for the backward.
 */
import { Tensor, adoptArray, fmtShape, noGrad, readValues, type FloatDType, type TypedArray } from '@poise/tensor';
import {
  attachAffineBackward, checkAux, checkEps, checkFloatInput, checkMomentum, floatArray, prodFrom, updateRunningStats, valuesOrNull,
  type FloatArray,
} from './common';
import { NormBase, type NormOptions } from './norm-base';

/** The name of the autograd node of every batch norm output (PyTorch: `NativeBatchNormBackward0`). */
export const BATCH_NORM_BACKWARD = 'NativeBatchNormBackward';

/**
 * Batch normalization (Ioffe & Szegedy 2015) of an input laid out as [N, C, *] (C channels; any number of
 * trailing spatial dims, including none), per channel c over the N·S values of that channel (S = product of
 * the spatial dims):
 *
 *     y = (x - mean_c) / sqrt(var_c + eps) * weight_c + bias_c
 *
 * In training mode mean_c and var_c are the batch's (var_c biased: divided by N·S), and the running
 * statistics, when given, are blended in place: `running = (1 - momentum) * running + momentum * batch`,
 * with the batch variance unbiased (· N·S / (N·S - 1)). In eval mode (`training` false) the running
 * statistics are used and must be given. Same signature and defaults as `torch.nn.functional.batch_norm`.
 *
 * The forward is two passes over the data (per-channel mean and variance in float64, then normalize and
 * apply the affine transform in one multiply-add); the backward is one fused kernel (`channelBackward` below).
 */
export function batchNorm(
  x: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  weight: Tensor | null = null,
  bias: Tensor | null = null,
  training = false,
  momentum = 0.1,
  eps = 1e-5,
): Tensor {
  const layer = 'batchNorm';
  const dtype = checkFloatInput(layer, x);
  if (x.shape.length < 2) {
    throw new RangeError(`${layer}: expected an input of shape [N, C, *] (at least 2D), got ${x.shape.length}D input of shape ${fmtShape(x.shape)}`);
  }
  checkEps(layer, eps);
  checkMomentum(layer, momentum, false);
  return batchNormImpl(layer, x, runningMean, runningVar, weight, bias, training, momentum, eps, dtype);
}

/**
 * The shared body of `batchNorm` and the modules, after the caller has checked the input's rank. `layer` names
 * the caller in errors. Validates channels, parameters and batch size, runs the fused forward, updates the
 * running statistics in training mode and records the fused backward.
 */
function batchNormImpl(
  layer: string,
  x: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  weight: Tensor | null,
  bias: Tensor | null,
  training: boolean,
  momentum: number,
  eps: number,
  dtype: FloatDType,
): Tensor {
  const N = x.shape[0];
  const C = x.shape[1];
  const S = prodFrom(x.shape, 2);
  checkAux(layer, 'weight', weight, [C], dtype);
  checkAux(layer, 'bias', bias, [C], dtype);
  checkAux(layer, 'running_mean', runningMean, [C], null);
  checkAux(layer, 'running_var', runningVar, [C], null);
  const count = N * S;
  if (count === 0) throw new RangeError(`${layer}: expected a non-empty input, got input of shape ${fmtShape(x.shape)}`);
  if (training && count === 1) {
    throw new RangeError(`${layer}: Expected more than 1 value per channel when training, got input size ${fmtShape(x.shape)}`);
  }
  if (!training && (runningMean === null || runningVar === null)) {
    throw new RangeError(`${layer}: running_mean and running_var must be defined in evaluation mode (training=false)`);
  }

  const xs = readValues(x);
  const mean = new Float64Array(C);
  const invstd = new Float64Array(C);
  if (training) {
    const varB = new Float64Array(C);
    channelStats(xs, N, C, S, mean, varB);
    for (let c = 0; c < C; c++) invstd[c] = 1 / Math.sqrt(varB[c] + eps);
    if (runningMean !== null || runningVar !== null) {
      // The running variance is the unbiased estimate: var * n / (n - 1).
      const unbiased = new Float64Array(C);
      const bessel = count / (count - 1);
      for (let c = 0; c < C; c++) unbiased[c] = varB[c] * bessel;
      updateRunningStats(runningMean, runningVar, mean, unbiased, momentum);
    }
  } else {
    // Copied out now: the backward must use the statistics of this forward, not later updates.
    const rm = readValues(runningMean!);
    const rv = readValues(runningVar!);
    for (let c = 0; c < C; c++) {
      mean[c] = rm[c];
      invstd[c] = 1 / Math.sqrt(rv[c] + eps);
    }
  }

  const w = valuesOrNull(weight);
  const b = valuesOrNull(bias);
  const out = floatArray(dtype, xs.length);
  channelNormalize(xs, out, N, C, S, mean, invstd, w, b);
  return attachAffineBackward(BATCH_NORM_BACKWARD, x, weight, bias, adoptArray(out, x.shape), dtype, (xv, gs, wv, dx, dw, db) =>
    channelBackward(xv, gs, N, C, S, mean, invstd, wv, training, dx, dw, db),
  );
}

/**
 * Loop order. Channel-major (for c, for n, for s) keeps a channel's sums and constants in registers, which
 * on [32, 200] is 2-3x faster than batch-major (for n, for c) with per-channel arrays; its strided reads
 * reuse each cache line across neighbouring channels as long as the N lines of a column stay cached. For
 * tall inputs with short contiguous runs (many samples, S < 16) the kernels walk the data batch-major
 * instead, in memory order, reading and adding into per-channel arrays.
 */
function channelMajor(N: number, S: number): boolean {
  return S >= 16 || N <= 4096;
}

/**
 * Per-channel biased mean and variance of `xs` viewed as [N, C, S], accumulated in float64 in one pass.
 * Each channel's values are shifted by that channel's first value before summing (the "shifted data"
 * algorithm): sum((x-K)^2) - sum(x-K)^2/n then cancels only as much as the data's spread around K, not around
 * 0, so a channel with a large mean and a small spread keeps its variance, at the cost of no extra pass.
 */
function channelStats(xs: TypedArray, N: number, C: number, S: number, mean: Float64Array, varB: Float64Array): void {
  const count = N * S;
  const rowStride = C * S;
  const total = N * rowStride;
  const sum = new Float64Array(C);
  const sq = new Float64Array(C);
  if (channelMajor(N, S)) {
    for (let c = 0; c < C; c++) {
      const k = xs[c * S];
      let s1 = 0;
      let s2 = 0;
      if (S === 1) {
        for (let i = c; i < total; i += C) {
          const d = xs[i] - k;
          s1 += d;
          s2 += d * d;
        }
      } else {
        for (let off = c * S; off < total; off += rowStride) {
          for (let i = off, end = off + S; i < end; i++) {
            const d = xs[i] - k;
            s1 += d;
            s2 += d * d;
          }
        }
      }
      sum[c] = s1;
      sq[c] = s2;
    }
  } else {
    for (let n = 0; n < N; n++) {
      for (let c = 0; c < C; c++) {
        const k = xs[c * S];
        const off = n * rowStride + c * S;
        let s1 = 0;
        let s2 = 0;
        for (let i = off, end = off + S; i < end; i++) {
          const d = xs[i] - k;
          s1 += d;
          s2 += d * d;
        }
        sum[c] += s1;
        sq[c] += s2;
      }
    }
  }
  for (let c = 0; c < C; c++) {
    const m = sum[c] / count;
    mean[c] = xs[c * S] + m;
    const v = sq[c] / count - m * m;
    varB[c] = v > 0 ? v : 0;
  }
}

/**
 * y = x * scale_c + shift_c with scale_c = invstd_c * weight_c and shift_c = bias_c - mean_c * scale_c: the
 * normalization and the affine transform folded into one multiply-add per element (in float64, rounded once
 * into the output's dtype).
 */
function channelNormalize(
  xs: TypedArray, out: FloatArray, N: number, C: number, S: number,
  mean: Float64Array, invstd: Float64Array, w: TypedArray | null, b: TypedArray | null,
): void {
  const rowStride = C * S;
  const total = N * rowStride;
  const scale = new Float64Array(C);
  const shift = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    const a = w === null ? invstd[c] : invstd[c] * w[c];
    scale[c] = a;
    shift[c] = (b === null ? 0 : b[c]) - mean[c] * a;
  }
  if (channelMajor(N, S)) {
    for (let c = 0; c < C; c++) {
      const a = scale[c];
      const k = shift[c];
      if (S === 1) {
        for (let i = c; i < total; i += C) out[i] = xs[i] * a + k;
      } else {
        for (let off = c * S; off < total; off += rowStride) {
          for (let i = off, end = off + S; i < end; i++) out[i] = xs[i] * a + k;
        }
      }
    }
    return;
  }
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const a = scale[c];
      const k = shift[c];
      const off = n * rowStride + c * S;
      for (let i = off, end = off + S; i < end; i++) out[i] = xs[i] * a + k;
    }
  }
}

/**
 * The fused backward: dx, dweight and dbias from one reduction pass and one elementwise pass.
 *
 * With xhat = (x - mean) * invstd and dxhat = dy * weight, per channel over its n = N·S values:
 *
 *     dbias_c   = sum(dy)
 *     dweight_c = sum(dy * xhat)
 *     dx        = (1/n) * invstd * (n * dxhat - sum(dxhat) - xhat * sum(dxhat * xhat))     (training)
 *               = weight_c * invstd_c * (dy - sum(dy)/n - (x - mean) * invstd^2 * sum(dy * (x - mean))/n)
 *     dx        = dy * weight_c * invstd_c                                                  (eval: the
 *                 statistics are constants)
 *
 * The reduction pass gives sum(dy) and sum(dy * (x - mean)), which are dbias and dweight / invstd; the
 * second pass writes dx. Only the gradients asked for (non-null outputs) are computed. It touches typed arrays
 * only, so it runs the same inside or outside `noGrad`.
 */
function channelBackward(
  xs: TypedArray, gs: TypedArray, N: number, C: number, S: number,
  mean: Float64Array, invstd: Float64Array, w: TypedArray | null, batchStats: boolean,
  dx: FloatArray | null, dw: FloatArray | null, db: FloatArray | null,
): void {
  const rowStride = C * S;
  const total = N * rowStride;
  const count = N * S;
  const major = channelMajor(N, S);
  const sumDy = new Float64Array(C);
  const sumDyXmu = new Float64Array(C);
  if (dw !== null || db !== null || (dx !== null && batchStats)) {
    if (major) {
      for (let c = 0; c < C; c++) {
        const m = mean[c];
        let s1 = 0;
        let s2 = 0;
        if (S === 1) {
          for (let i = c; i < total; i += C) {
            const dy = gs[i];
            s1 += dy;
            s2 += dy * (xs[i] - m);
          }
        } else {
          for (let off = c * S; off < total; off += rowStride) {
            for (let i = off, end = off + S; i < end; i++) {
              const dy = gs[i];
              s1 += dy;
              s2 += dy * (xs[i] - m);
            }
          }
        }
        sumDy[c] = s1;
        sumDyXmu[c] = s2;
      }
    } else {
      for (let n = 0; n < N; n++) {
        for (let c = 0; c < C; c++) {
          const m = mean[c];
          const off = n * rowStride + c * S;
          let s1 = 0;
          let s2 = 0;
          for (let i = off, end = off + S; i < end; i++) {
            const dy = gs[i];
            s1 += dy;
            s2 += dy * (xs[i] - m);
          }
          sumDy[c] += s1;
          sumDyXmu[c] += s2;
        }
      }
    }
    for (let c = 0; c < C; c++) {
      if (db !== null) db[c] = sumDy[c];
      if (dw !== null) dw[c] = sumDyXmu[c] * invstd[c];
    }
  }
  if (dx === null) return;

  // dx = k_c * (dy - a_c - (x - mean_c) * b_c), with a and b zero in eval mode.
  const kk = new Float64Array(C);
  const aa = new Float64Array(C);
  const bb = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    const is = invstd[c];
    kk[c] = w === null ? is : w[c] * is;
    if (batchStats) {
      aa[c] = sumDy[c] / count;
      bb[c] = (sumDyXmu[c] * is * is) / count;
    }
  }
  if (major) {
    for (let c = 0; c < C; c++) {
      const k = kk[c];
      const a = aa[c];
      const b = bb[c];
      const m = mean[c];
      if (S === 1) {
        for (let i = c; i < total; i += C) dx[i] = k * (gs[i] - a - (xs[i] - m) * b);
      } else {
        for (let off = c * S; off < total; off += rowStride) {
          for (let i = off, end = off + S; i < end; i++) dx[i] = k * (gs[i] - a - (xs[i] - m) * b);
        }
      }
    }
    return;
  }
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const k = kk[c];
      const a = aa[c];
      const b = bb[c];
      const m = mean[c];
      const off = n * rowStride + c * S;
      for (let i = off, end = off + S; i < end; i++) dx[i] = k * (gs[i] - a - (xs[i] - m) * b);
    }
  }
}

/**
 * PyTorch's `_BatchNorm`: the module state (see `NormBase`) and the forward shared by BatchNorm1d and
 * BatchNorm2d; they differ only in the input ranks they accept.
 */
export abstract class BatchNormBase extends NormBase {
  constructor(numFeatures: number, opts: NormOptions = {}) {
    super(numFeatures, opts, { affine: true, trackRunningStats: true });
  }

  /** Throws unless the input's rank is one this layer accepts. */
  protected abstract checkInputDim(x: Tensor): void;

  /**
   * Training mode: normalize with the batch's statistics and, when tracking, count the batch and blend its
   * statistics into the running ones (factor `momentum`, or 1/num_batches_tracked when momentum is null).
   * Eval mode: normalize with the running statistics, or with the batch's when not tracking them.
   */
  forward(x: Tensor): Tensor {
    const dtype = checkFloatInput(this.name, x);
    this.checkInputDim(x);
    if (x.shape[1] !== this.numFeatures) {
      throw new RangeError(
        `${this.name}: expected input with ${this.numFeatures} channels (dim 1), got input of shape ${fmtShape(x.shape)} with ${x.shape[1]} channels`,
      );
    }
    const counting = this.training && this.trackRunningStats;
    let factor = this.momentum ?? 0;
    if (counting && this.momentum === null) factor = 1 / (this.numBatchesTracked!.item() + 1);
    // Batch statistics in training mode, and in eval mode when there are no running statistics.
    const useBatchStats = this.training || !this.trackRunningStats;
    const track = this.training ? this.trackRunningStats : true;
    const y = batchNormImpl(
      this.name, x,
      track ? this.runningMean : null, track ? this.runningVar : null,
      this.weight, this.bias, useBatchStats, factor, this.eps, dtype,
    );
    // Counted after the batch passed every check, so a rejected batch leaves the module's state unchanged
    // (PyTorch counts it before checking the batch size).
    if (counting) noGrad(() => this.numBatchesTracked!.add_(1));
    return y;
  }
}

/**
 * Batch normalization over a 2D input [N, C] (features) or a 3D input [N, C, L] (channels of sequences),
 * per channel over the batch (and over L):
 *
 *     y = (x - E[x]) / sqrt(Var[x] + eps) * weight + bias
 *
 * Paper: Ioffe & Szegedy 2015, "Batch Normalization: Accelerating Deep Network Training by Reducing
 * Internal Covariate Shift" (ICML, https://arxiv.org/abs/1502.03167), Algorithms 1 (training) and 2
 * (inference). Options and defaults are PyTorch's: `{ eps: 1e-5, momentum: 0.1 (null: cumulative
 * average), affine: true, trackRunningStats: true }`. Parameters `weight`, `bias` [C]; buffers `running_mean`,
 * `running_var` [C], `num_batches_tracked` (int32 scalar).
 */
export class BatchNorm1d extends BatchNormBase {
  protected checkInputDim(x: Tensor): void {
    if (x.shape.length !== 2 && x.shape.length !== 3) {
      throw new RangeError(`BatchNorm1d: expected 2D [N, C] or 3D [N, C, L] input (got ${x.shape.length}D input of shape ${fmtShape(x.shape)})`);
    }
  }
}

/**
 * Batch normalization over a 4D input [N, C, H, W] (images), per channel over N, H and W:
 *
 *     y = (x - E[x]) / sqrt(Var[x] + eps) * weight + bias
 *
 * Paper: Ioffe & Szegedy 2015, "Batch Normalization: Accelerating Deep Network Training by Reducing
 * Internal Covariate Shift" (ICML, https://arxiv.org/abs/1502.03167), section 3.2 (convolutional
 * networks). Options and buffers as `BatchNorm1d`.
 */
export class BatchNorm2d extends BatchNormBase {
  protected checkInputDim(x: Tensor): void {
    if (x.shape.length !== 4) {
      throw new RangeError(`BatchNorm2d: expected 4D input [N, C, H, W] (got ${x.shape.length}D input of shape ${fmtShape(x.shape)})`);
    }
  }
}
