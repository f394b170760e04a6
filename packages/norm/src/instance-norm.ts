/**
 * Instance normalization (Ulyanov, Vedaldi & Lempitsky 2016, "Instance Normalization: The Missing Ingredient
 * for Fast Stylization", https://arxiv.org/abs/1607.08022): the functional `instanceNorm` and the modules
 * `InstanceNorm1d` and `InstanceNorm2d`, on the fused row kernels.
 */
import { Tensor, fmtShape, readValues } from '@poise/tensor';
import { checkAux, checkEps, checkFloatInput, checkMomentum, updateRunningStats } from './common';
import { applyRowNorm } from './layer-norm';
import { NormBase, type NormOptions } from './norm-base';
import { rowStats, type RowLayout } from './row-kernel';

/** The name of the autograd node of every instance norm output. */
export const INSTANCE_NORM_BACKWARD = 'InstanceNormBackward';

/**
 * Instance normalization (Ulyanov et al. 2016) of an input [N, C, *]: each sample's channel is normalized
 * over its own spatial positions (S = product of the dims after C),
 *
 *     y = (x - E[x]) / sqrt(Var[x] + eps) * weight_c + bias_c
 *
 * with E and Var (biased) per (sample, channel) when `useInputStats` (the default), and a per-channel affine
 * `weight`, `bias` [C]. With running statistics given and `useInputStats`, they are blended in place with the
 * batch's average of the per-instance means and unbiased variances (· S / (S - 1)), factor `momentum`; with
 * `useInputStats` false the running statistics normalize instead. Same signature and defaults as
 * `torch.nn.functional.instance_norm`.
 */
export function instanceNorm(
  x: Tensor,
  runningMean: Tensor | null = null,
  runningVar: Tensor | null = null,
  weight: Tensor | null = null,
  bias: Tensor | null = null,
  useInputStats = true,
  momentum = 0.1,
  eps = 1e-5,
): Tensor {
  const layer = 'instanceNorm';
  checkFloatInput(layer, x);
  if (x.shape.length < 2) {
    throw new RangeError(`${layer}: expected an input of shape [N, C, *] (at least 2D), got ${x.shape.length}D input of shape ${fmtShape(x.shape)}`);
  }
  checkMomentum(layer, momentum, false);
  checkEps(layer, eps);
  return instanceNormImpl(layer, x, x.shape[0], x.shape[1], runningMean, runningVar, weight, bias, useInputStats, momentum, eps);
}

/** The shared body: `x` holds N samples of C channels (an unbatched input passes N = 1). */
function instanceNormImpl(
  layer: string, x: Tensor, N: number, C: number,
  runningMean: Tensor | null, runningVar: Tensor | null, weight: Tensor | null, bias: Tensor | null,
  useInputStats: boolean, momentum: number, eps: number,
): Tensor {
  const dtype = checkFloatInput(layer, x);
  checkAux(layer, 'weight', weight, [C], dtype);
  checkAux(layer, 'bias', bias, [C], dtype);
  checkAux(layer, 'running_mean', runningMean, [C], null);
  checkAux(layer, 'running_var', runningVar, [C], null);
  const S = N * C === 0 ? 0 : x.numel() / (N * C);
  if (x.numel() === 0) throw new RangeError(`${layer}: expected a non-empty input, got input of shape ${fmtShape(x.shape)}`);
  if (useInputStats && S === 1) {
    throw new RangeError(`${layer}: Expected more than 1 spatial element when training, got input size ${fmtShape(x.shape)}`);
  }
  if (!useInputStats && (runningMean === null || runningVar === null)) {
    throw new RangeError(`${layer}: running_mean and running_var must be defined when not using input statistics (eval mode with trackRunningStats)`);
  }
  const L: RowLayout = { rows: N * C, G: C, Cg: 1, S };
  const xs = readValues(x);
  const mean = new Float64Array(L.rows);
  const invstd = new Float64Array(L.rows);
  if (useInputStats) {
    rowStats(xs, L.rows, S, true, mean, invstd);
    if (runningMean !== null || runningVar !== null) {
      // PyTorch updates one copy of the running statistics per sample and keeps their average, which is
      // the update with the batch's average instance mean and unbiased variance.
      const bm = new Float64Array(C);
      const bv = new Float64Array(C);
      const bessel = S / (S - 1);
      for (let r = 0; r < L.rows; r++) {
        bm[r % C] += mean[r] / N;
        bv[r % C] += (invstd[r] * bessel) / N;
      }
      updateRunningStats(runningMean, runningVar, bm, bv, momentum);
    }
    for (let r = 0; r < L.rows; r++) invstd[r] = 1 / Math.sqrt(invstd[r] + eps);
  } else {
    const rm = readValues(runningMean!);
    const rv = readValues(runningVar!);
    for (let r = 0; r < L.rows; r++) {
      mean[r] = rm[r % C];
      invstd[r] = 1 / Math.sqrt(rv[r % C] + eps);
    }
  }
  return applyRowNorm(INSTANCE_NORM_BACKWARD, x, xs, weight, bias, L, mean, invstd, true, useInputStats, dtype);
}

/**
 * PyTorch's `_InstanceNorm`: module state as batch norm's (`NormBase`) with other defaults (`affine` false,
 * `trackRunningStats` false), and an unbatched input (one rank less) accepted as a batch of one.
 */
export abstract class InstanceNormBase extends NormBase {
  /** The rank of a batched input ([N, C, L] is 3 for InstanceNorm1d). */
  protected abstract readonly batchedRank: number;
  /** How the layout is written in errors. */
  protected abstract readonly layout: string;

  constructor(numFeatures: number, opts: NormOptions = {}) {
    super(numFeatures, opts, { affine: false, trackRunningStats: false });
  }

  /**
   * Normalizes each instance with its own statistics in training mode (updating the running statistics when
   * tracking) and in eval mode without tracking; in eval mode with tracking, with the running statistics.
   * `momentum` null gives a factor of 0 (running statistics left as they are), as PyTorch 2.x does.
   * `num_batches_tracked` is registered but not counted, as in PyTorch.
   */
  forward(x: Tensor): Tensor {
    checkFloatInput(this.name, x);
    const rank = x.shape.length;
    if (rank !== this.batchedRank && rank !== this.batchedRank - 1) {
      throw new RangeError(
        `${this.name}: expected ${this.batchedRank - 1}D (unbatched) or ${this.batchedRank}D input ${this.layout} (got ${rank}D input of shape ${fmtShape(x.shape)})`,
      );
    }
    const batched = rank === this.batchedRank;
    const N = batched ? x.shape[0] : 1;
    const C = x.shape[batched ? 1 : 0];
    if (C !== this.numFeatures) {
      throw new RangeError(
        `${this.name}: expected input with ${this.numFeatures} channels (dim ${batched ? 1 : 0}), got input of shape ${fmtShape(x.shape)} with ${C} channels`,
      );
    }
    const useInputStats = this.training || !this.trackRunningStats;
    return instanceNormImpl(
      this.name, x, N, C, this.runningMean, this.runningVar, this.weight, this.bias, useInputStats, this.momentum ?? 0, this.eps,
    );
  }
}

/**
 * Instance normalization of a 3D input [N, C, L] (or an unbatched [C, L]), per sample and channel over L:
 *
 *     y = (x - E[x]) / sqrt(Var[x] + eps) * weight + bias
 *
 * Paper: Ulyanov, Vedaldi & Lempitsky 2016, "Instance Normalization: The Missing Ingredient for Fast
 * Stylization" (https://arxiv.org/abs/1607.08022).
 * PyTorch's options and defaults: `{ eps: 1e-5, momentum: 0.1, affine: false,
 * trackRunningStats: false }`; with `affine`, parameters `weight`, `bias` [C]; with `trackRunningStats`,
 * buffers `running_mean`, `running_var` [C] and `num_batches_tracked`.
 */
export class InstanceNorm1d extends InstanceNormBase {
  protected readonly batchedRank = 3;
  protected readonly layout = '[N, C, L]';
}

/**
 * Instance normalization of a 4D input [N, C, H, W] (or an unbatched [C, H, W]), per sample and channel over
 * H and W:
 *
 *     y = (x - E[x]) / sqrt(Var[x] + eps) * weight + bias
 *
 * Paper: Ulyanov, Vedaldi & Lempitsky 2016, "Instance Normalization: The Missing Ingredient for Fast
 * Stylization" (https://arxiv.org/abs/1607.08022), the style-transfer normalization.
 * Options, parameters and buffers as `InstanceNorm1d`.
 */
export class InstanceNorm2d extends InstanceNormBase {
  protected readonly batchedRank = 4;
  protected readonly layout = '[N, C, H, W]';
}
