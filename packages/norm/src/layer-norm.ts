/**
 * Layer normalization (Ba, Kiros & Hinton 2016, "Layer Normalization", https://arxiv.org/abs/1607.06450):
 * the functional `layerNorm` and the module `LayerNorm`, on the fused row kernels.
 */
import { Module, Parameter } from '@poise/nn';
import { Tensor, adoptArray, customOp, noGrad, ones, readValues, zeros, type FloatDType } from '@poise/tensor';
import {
  checkAux, checkEps, checkFloatInput, checkTrailing, floatArray, normalizedShapeOf, pyBool, pyFloat, pyTuple, valuesOrNull,
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
  const L: RowLayout = { rows, G: 1, Cg: M, S: 1 };
  const xs = readValues(x);
  const mean = new Float64Array(rows);
  const invstd = new Float64Array(rows);
  rowStats(xs, rows, M, centered, mean, invstd);
  for (let r = 0; r < rows; r++) invstd[r] = 1 / Math.sqrt(invstd[r] + eps);
  const out = floatArray(dtype, xs.length);
  rowNormalize(xs, out, L, mean, invstd, valuesOrNull(weight), valuesOrNull(bias));
  return attachRowBackward(nodeName, x, weight, bias, adoptArray(out, x.shape), L, mean, invstd, centered, true, dtype);
}

/**
 * Records the fused row backward for `y = norm(x) * weight + bias`, whose inputs are exactly x, weight and
 * bias (those present). `mean` and `invstd` are the per-row statistics the forward used (saved, as
 * PyTorch's native kernels save them, so the backward recomputes xhat from x instead of keeping a copy).
 */
export function attachRowBackward(
  nodeName: string, x: Tensor, weight: Tensor | null, bias: Tensor | null, y: Tensor, L: RowLayout,
  mean: Float64Array, invstd: Float64Array, centered: boolean, inputStats: boolean, dtype: FloatDType,
): Tensor {
  const inputs: Tensor[] = [x];
  if (weight !== null) inputs.push(weight);
  if (bias !== null) inputs.push(bias);
  return customOp(nodeName, inputs, y, (g) => {
    const gs = readValues(g.dtype === dtype ? g : noGrad(() => g.to(dtype)));
    const dx = x.requiresGrad ? floatArray(dtype, gs.length) : null;
    const dw = weight !== null && weight.requiresGrad ? floatArray(dtype, weight.numel()) : null;
    const db = bias !== null && bias.requiresGrad ? floatArray(dtype, bias.numel()) : null;
    rowBackward(readValues(x), gs, L, mean, invstd, valuesOrNull(weight), centered, inputStats, dx, dw, db);
    const grads: (Tensor | null)[] = [dx === null ? null : adoptArray(dx, x.shape)];
    if (weight !== null) grads.push(dw === null ? null : adoptArray(dw, weight.shape));
    if (bias !== null) grads.push(db === null ? null : adoptArray(db, bias.shape));
    return grads;
  }, weight === null ? [x] : [x, weight]);
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
 * Ba et al. 2016. PyTorch's options and defaults: `{ eps: 1e-5, elementwiseAffine: true, bias: true }`.
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
