/**
 * Root mean square layer normalization (Zhang & Sennrich 2019, "Root Mean Square Layer Normalization",
 * https://arxiv.org/abs/1910.07467): the functional `rmsNorm` and the module `RMSNorm`, with PyTorch 2.4's
 * semantics, on the fused row kernels.
 */
import { Module, Parameter } from '@poise/nn';
import { Tensor, noGrad, ones, type FloatDType } from '@poise/tensor';
import { checkEps, checkFloatInput, machineEpsilon, normalizedShapeOf, pyBool, pyFloat, pyTuple } from './common';
import { layerNormImpl } from './layer-norm';

/** The name of the autograd node of every RMS norm output. */
export const RMS_NORM_BACKWARD = 'RMSNormBackward';

/**
 * RMS normalization (Zhang & Sennrich 2019) of an input [*, ...normalizedShape] over its trailing
 * `normalizedShape` dims: layer norm without the mean (no re-centering, no bias),
 *
 *     y = x / sqrt(mean(x^2) + eps) * weight
 *
 * `eps` defaults to the machine epsilon of the input's dtype (`torch.finfo(x.dtype).eps`, as in PyTorch 2.4,
 * where `eps=None`). `weight` has shape normalizedShape. Same signature as `torch.nn.functional.rms_norm`.
 * The backward is one fused kernel: dx = invrms * (dxhat - xhat * mean(dxhat * xhat)), dweight = sum(dy * xhat).
 */
export function rmsNorm(
  x: Tensor,
  normalizedShape: number | readonly number[],
  weight: Tensor | null = null,
  eps: number | null = null,
): Tensor {
  const dtype = checkFloatInput('rmsNorm', x);
  const shape = normalizedShapeOf('rmsNorm', normalizedShape);
  return layerNormImpl('rmsNorm', x, shape, weight, null, eps ?? machineEpsilon(dtype), false, RMS_NORM_BACKWARD);
}

export interface RMSNormOptions {
  /** Added to the mean square before the square root; null (default) means the input dtype's machine epsilon. */
  eps?: number | null;
  /** Learn an elementwise `weight` (init 1) of shape normalizedShape. Default true. */
  elementwiseAffine?: boolean;
  /** dtype of the parameter: 'float32' (default) or 'float64'. */
  dtype?: FloatDType;
}

/**
 * RMS normalization over the trailing dims given by `normalizedShape` (an input [*, ...normalizedShape]):
 *
 *     y = x / sqrt(mean(x^2) + eps) * weight
 *
 * Paper: Zhang & Sennrich 2019, "Root Mean Square Layer Normalization" (NeurIPS,
 * https://arxiv.org/abs/1910.07467). PyTorch 2.4's `nn.RMSNorm(normalized_shape, eps=None, elementwise_affine=True)`:
 * with `eps` null the input dtype's machine epsilon is used. Parameter `weight` of shape normalizedShape;
 * no bias, no buffers; train and eval are the same.
 */
export class RMSNorm extends Module {
  readonly normalizedShape: readonly number[];
  readonly eps: number | null;
  readonly elementwiseAffine: boolean;
  weight: Parameter | null;

  constructor(normalizedShape: number | readonly number[], opts: RMSNormOptions = {}) {
    super();
    this.normalizedShape = normalizedShapeOf('RMSNorm', normalizedShape);
    this.eps = opts.eps === undefined || opts.eps === null ? null : checkEps('RMSNorm', opts.eps);
    this.elementwiseAffine = opts.elementwiseAffine ?? true;
    this.weight = this.elementwiseAffine ? new Parameter(ones(this.normalizedShape, { dtype: opts.dtype ?? 'float32' })) : null;
  }

  forward(x: Tensor): Tensor {
    const dtype = checkFloatInput(this.name, x);
    return layerNormImpl(this.name, x, this.normalizedShape, this.weight, null, this.eps ?? machineEpsilon(dtype), false, RMS_NORM_BACKWARD);
  }

  /** Weight 1 (in place), as after construction. */
  resetParameters(): void {
    noGrad(() => this.weight?.fill_(1));
  }

  /** `(200,), eps=None, elementwise_affine=True`, as PyTorch prints it. */
  override extraRepr(): string {
    return `${pyTuple(this.normalizedShape)}, eps=${pyFloat(this.eps)}, elementwise_affine=${pyBool(this.elementwiseAffine)}`;
  }
}
