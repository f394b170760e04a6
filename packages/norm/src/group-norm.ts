/**
 * Group normalization (Wu & He 2018, "Group Normalization", https://arxiv.org/abs/1803.08494): the
 * functional `groupNorm` and the module `GroupNorm`, on the fused row kernels.
 */
import { Module, Parameter } from '@poise/nn';
import { Tensor, fmtShape, noGrad, ones, zeros, type FloatDType } from '@poise/tensor';
import { checkAux, checkCount, checkEps, checkFloatInput, prodFrom, pyBool, pyFloat } from './common';
import { rowNorm } from './layer-norm';

/** The name of the autograd node of every group norm output (PyTorch: `NativeGroupNormBackward0`). */
export const GROUP_NORM_BACKWARD = 'NativeGroupNormBackward';

/**
 * Group normalization (Wu & He 2018) of an input [N, C, *]: the C channels are split into `numGroups` groups
 * of C / G consecutive channels, and each sample's group is normalized over its channels and spatial positions,
 *
 *     y = (x - E[x]) / sqrt(Var[x] + eps) * weight_c + bias_c
 *
 * with E and Var (biased) per (sample, group), and a per-channel affine `weight`, `bias` of shape [C].
 * Independent of the batch size; no running statistics. G = 1 is layer norm over (C, *) with per-channel
 * affine, G = C is instance norm. Same signature and defaults as `torch.nn.functional.group_norm`.
 */
export function groupNorm(x: Tensor, numGroups: number, weight: Tensor | null = null, bias: Tensor | null = null, eps = 1e-5): Tensor {
  return groupNormImpl('groupNorm', x, checkCount('groupNorm', 'numGroups', numGroups), weight, bias, checkEps('groupNorm', eps), null);
}

function groupNormImpl(layer: string, x: Tensor, G: number, weight: Tensor | null, bias: Tensor | null, eps: number, numChannels: number | null): Tensor {
  const dtype = checkFloatInput(layer, x);
  if (x.shape.length < 2) {
    throw new RangeError(`${layer}: expected an input of shape [N, C, *] (at least 2D), got ${x.shape.length}D input of shape ${fmtShape(x.shape)}`);
  }
  const N = x.shape[0];
  const C = x.shape[1];
  if (numChannels !== null && C !== numChannels) {
    throw new RangeError(`${layer}: expected input with ${numChannels} channels (dim 1), got input of shape ${fmtShape(x.shape)} with ${C} channels`);
  }
  if (C % G !== 0) {
    throw new RangeError(
      `${layer}: expected the number of channels in the input to be divisible by numGroups, but got input of shape ${fmtShape(x.shape)} and numGroups=${G}`,
    );
  }
  checkAux(layer, 'weight', weight, [C], dtype);
  checkAux(layer, 'bias', bias, [C], dtype);
  return rowNorm(GROUP_NORM_BACKWARD, x, weight, bias, { rows: N * G, G, Cg: C / G, S: prodFrom(x.shape, 2) }, eps, true, dtype);
}

export interface GroupNormOptions {
  /** Added to the variance before the square root. Default 1e-5. */
  eps?: number;
  /** Learn a per-channel `weight` (init 1) and `bias` (init 0) of shape [numChannels]. Default true. */
  affine?: boolean;
  /** dtype of the parameters: 'float32' (default) or 'float64'. */
  dtype?: FloatDType;
}

/**
 * Group normalization of an input [N, C, *] (C = numChannels) over groups of C / numGroups channels:
 *
 *     y = (x - E[x]) / sqrt(Var[x] + eps) * weight + bias
 *
 * Paper: Wu & He 2018, "Group Normalization" (ECCV, https://arxiv.org/abs/1803.08494).
 * PyTorch's options and defaults: `{ eps: 1e-5, affine: true }`; numChannels must be divisible
 * by numGroups. Parameters `weight`, `bias` of shape [numChannels]. No buffers; train and eval are the same.
 */
export class GroupNorm extends Module {
  readonly numGroups: number;
  readonly numChannels: number;
  readonly eps: number;
  readonly affine: boolean;
  weight: Parameter | null;
  bias: Parameter | null;

  constructor(numGroups: number, numChannels: number, opts: GroupNormOptions = {}) {
    super();
    this.numGroups = checkCount('GroupNorm', 'numGroups', numGroups);
    this.numChannels = checkCount('GroupNorm', 'numChannels', numChannels);
    if (numChannels % numGroups !== 0) {
      throw new RangeError(`GroupNorm: numChannels must be divisible by numGroups, got numChannels=${numChannels} and numGroups=${numGroups}`);
    }
    this.eps = checkEps('GroupNorm', opts.eps ?? 1e-5);
    this.affine = opts.affine ?? true;
    const dtype = opts.dtype ?? 'float32';
    this.weight = this.affine ? new Parameter(ones([numChannels], { dtype })) : null;
    this.bias = this.affine ? new Parameter(zeros([numChannels], { dtype })) : null;
  }

  forward(x: Tensor): Tensor {
    return groupNormImpl(this.name, x, this.numGroups, this.weight, this.bias, this.eps, this.numChannels);
  }

  /** Weight 1 and bias 0 (in place), as after construction. */
  resetParameters(): void {
    noGrad(() => {
      this.weight?.fill_(1);
      this.bias?.fill_(0);
    });
  }

  /** `2, 4, eps=1e-05, affine=True`, as PyTorch prints it. */
  override extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, eps=${pyFloat(this.eps)}, affine=${pyBool(this.affine)}`;
  }
}
