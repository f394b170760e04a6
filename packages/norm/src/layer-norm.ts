/**
 * Layer normalization (Ba, Kiros & Hinton 2016, "Layer Normalization", https://arxiv.org/abs/1607.06450):
 * the functional `layerNorm` and the module `LayerNorm`, on the fused row kernels.
 */
import { Module, Parameter } from '@poise/nn';
import { Tensor, adoptArray, noGrad, ones, readValues, zeros, type FloatDType, type TypedArray } from '@poise/tensor';
import {
  attachAffineBackward, checkAux, checkEps, checkFloatInput, checkTrailing, floatArray, normalizedShapeOf, pyBool, pyFloat, pyTuple,
  valuesOrNull,
} from './common';
import { rowBackward, rowNormalize, rowStats, type RowLayout } from './row-kernel';

/** The name of the autograd node of every layer norm output (PyTorch: `NativeLayerNormBackward0`). */
export const LAYER_NORM_BACKWARD = 'NativeLayerNormBackward';

/**
 * Layer normalization (Ba et al. 2016) of an input [*, ...normalizedShape]: each sample is normalized over
 * its trailing `normalizedShape` dims, independently of the rest of the batch,
 *
 *     y = (x - E[x]) / sqrt(Var[x] + eps) * weight + bias
 *
 * with E and Var (biased) over those dims, and `weight`, `bias` of shape `normalizedShape` (elementwise).
 * There are no running statistics: training and eval behave the same. Same signature and defaults as
 * `torch.nn.functional.layer_norm`. Forward: one statistics pass and one normalize pass per row; backward:
 * one fused kernel (dx, dweight, dbias).
 */
export function layerNorm(
  x: Tensor,
  normalizedShape: number | readonly number[],
  weight: Tensor | null = null,
  bias: Tensor | null = null,
  eps = 1e-5,
): Tensor {
  return layerNormImpl('layerNorm', x, normalizedShapeOf('layerNorm', normalizedShape), weight, bias, eps, true, LAYER_NORM_BACKWARD);
}

/**
 * Shared by LayerNorm (centered) and RMSNorm (not centered): normalize rows of M = prod(normalizedShape)
 * values, elementwise affine over the normalized shape, fused backward recorded under `nodeName`.
 */
export function layerNormImpl(
  layer: string,
  x: Tensor,
  normalizedShape: readonly number[],
  weight: Tensor | null,
  bias: Tensor | null,
  eps: number,
  centered: boolean,
  nodeName: string,
): Tensor {
  const dtype = checkFloatInput(layer, x);
  checkEps(layer, eps);
  const [rows, M] = checkTrailing(layer, x, normalizedShape);
  checkAux(layer, 'weight', weight, normalizedShape, dtype);
  checkAux(layer, 'bias', bias, normalizedShape, dtype);
  return rowNorm(nodeName, x, weight, bias, { rows, G: 1, Cg: M, S: 1 }, eps, centered, dtype);
}

/**
 * Normalizes the rows of `x` (laid out as `L` says) with their own statistics, the biased variance (or, not
 * centered, the mean of squares) plus `eps`, then the affine transform; records the fused backward. The
 * arguments are checked by the caller.
 */
export function rowNorm(
  nodeName: string, x: Tensor, weight: Tensor | null, bias: Tensor | null, L: RowLayout, eps: number, centered: boolean,
  dtype: FloatDType,
): Tensor {
  const xs = readValues(x);
  const mean = new Float64Array(L.rows);
  const invstd = new Float64Array(L.rows);
  rowStats(xs, L.rows, L.Cg * L.S, centered, mean, invstd);
  for (let r = 0; r < L.rows; r++) invstd[r] = 1 / Math.sqrt(invstd[r] + eps);
  return applyRowNorm(nodeName, x, xs, weight, bias, L, mean, invstd, centered, true, dtype);
}

/**
 * `y = (x - mean_r) * invstd_r * weight + bias` for the given per-row statistics (`xs` are x's values), and
 * the fused row backward recorded under `nodeName`. `mean` and `invstd` are saved for the backward, as
 * PyTorch's native kernels save them (so it recomputes xhat from x instead of keeping a copy);
 * `inputStats` says whether they were computed from x (so that the gradient flows through them).
 */
export function applyRowNorm(
  nodeName: string, x: Tensor, xs: TypedArray, weight: Tensor | null, bias: Tensor | null, L: RowLayout,
  mean: Float64Array, invstd: Float64Array, centered: boolean, inputStats: boolean, dtype: FloatDType,
): Tensor {
  const out = floatArray(dtype, xs.length);
  rowNormalize(xs, out, L, mean, invstd, valuesOrNull(weight), valuesOrNull(bias));
  return attachAffineBackward(nodeName, x, weight, bias, adoptArray(out, x.shape), dtype, (xv, gs, wv, dx, dw, db) =>
    rowBackward(xv, gs, L, mean, invstd, wv, centered, inputStats, dx, dw, db),
  );
}

export interface LayerNormOptions {
  /** Added to the variance before the square root. Default 1e-5. */
  eps?: number;
  /** Learn an elementwise `weight` (init 1) and `bias` (init 0) of shape normalizedShape. Default true. */
  elementwiseAffine?: boolean;
  /** With `elementwiseAffine`, whether to learn the `bias` too (PyTorch 2.1's `bias=`). Default true. */
  bias?: boolean;
  /** dtype of the parameters: 'float32' (default) or 'float64'. */
  dtype?: FloatDType;
}

/**
 * Layer normalization over the trailing dims given by `normalizedShape` (an input [*, ...normalizedShape],
 * e.g. [N, 200] with normalizedShape 200, or [N, T, D] with D):
 *
 *     y = (x - E[x]) / sqrt(Var[x] + eps) * weight + bias
 *
 * Paper: Ba, Kiros & Hinton 2016, "Layer Normalization" (https://arxiv.org/abs/1607.06450).
 * PyTorch's options and defaults: `{ eps: 1e-5, elementwiseAffine: true, bias: true }`.
 * Parameters `weight` and `bias` have shape normalizedShape. No buffers; train and eval are the same.
 */
export class LayerNorm extends Module {
  readonly normalizedShape: readonly number[];
  readonly eps: number;
  readonly elementwiseAffine: boolean;
  weight: Parameter | null;
  bias: Parameter | null;

  constructor(normalizedShape: number | readonly number[], opts: LayerNormOptions = {}) {
    super();
    this.normalizedShape = normalizedShapeOf('LayerNorm', normalizedShape);
    this.eps = checkEps('LayerNorm', opts.eps ?? 1e-5);
    this.elementwiseAffine = opts.elementwiseAffine ?? true;
    const dtype = opts.dtype ?? 'float32';
    this.weight = this.elementwiseAffine ? new Parameter(ones(this.normalizedShape, { dtype })) : null;
    this.bias = this.elementwiseAffine && (opts.bias ?? true) ? new Parameter(zeros(this.normalizedShape, { dtype })) : null;
  }

  forward(x: Tensor): Tensor {
    return layerNormImpl(this.name, x, this.normalizedShape, this.weight, this.bias, this.eps, true, LAYER_NORM_BACKWARD);
  }

  /** Weight 1 and bias 0 (in place), as after construction. */
  resetParameters(): void {
    noGrad(() => {
      this.weight?.fill_(1);
      this.bias?.fill_(0);
    });
  }

  /** `(200,), eps=1e-05, elementwise_affine=True`, as PyTorch prints it. */
  override extraRepr(): string {
    return `${pyTuple(this.normalizedShape)}, eps=${pyFloat(this.eps)}, elementwise_affine=${pyBool(this.elementwiseAffine)}`;
  }
}
