/**
 * PyTorch's `_NormBase`: the state shared by batch and instance normalization. One learnable scale and shift
 * per channel (`weight`, `bias`, present when `affine`) and, when `trackRunningStats`, the buffers
 * `running_mean`, `running_var` and `num_batches_tracked` under PyTorch's names, so `stateDict()` keys are
 * PyTorch's keys.
 */
import { Module, Parameter } from '@poise/nn';
import { Tensor, noGrad, ones, zeros, type FloatDType } from '@poise/tensor';
import { checkCount, checkEps, checkMomentum, pyBool, pyFloat } from './common';

export interface NormOptions {
  /** Added to the variance before the square root, for numerical stability. Default 1e-5. */
  eps?: number;
  /**
   * Weight of the current batch in the running statistics: `running = (1 - momentum) * running +
   * momentum * batch`. Default 0.1. `null` gives the cumulative moving average (the factor is
   * 1 / num_batches_tracked), as PyTorch's `momentum=None`.
   */
  momentum?: number | null;
  /** Learn a per-channel scale (`weight`, init 1) and shift (`bias`, init 0). */
  affine?: boolean;
  /** Keep running estimates of mean and variance to use in eval mode. */
  trackRunningStats?: boolean;
  /** dtype of the parameters and running statistics: 'float32' (default) or 'float64'. */
  dtype?: FloatDType;
}

export abstract class NormBase extends Module {
  readonly numFeatures: number;
  readonly eps: number;
  /** Mutable, as in PyTorch (`bn.momentum = 0.01` between steps takes effect on the next step). */
  momentum: number | null;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;
  /** Per-channel scale γ, shape [numFeatures]; null unless `affine`. */
  weight: Parameter | null;
  /** Per-channel shift β, shape [numFeatures]; null unless `affine`. */
  bias: Parameter | null;

  protected constructor(numFeatures: number, opts: NormOptions, defaults: { affine: boolean; trackRunningStats: boolean }) {
    super();
    const layer = new.target.name;
    this.numFeatures = checkCount(layer, 'numFeatures', numFeatures);
    this.eps = checkEps(layer, opts.eps ?? 1e-5);
    this.momentum = checkMomentum(layer, opts.momentum === undefined ? 0.1 : opts.momentum, true);
    this.affine = opts.affine ?? defaults.affine;
    this.trackRunningStats = opts.trackRunningStats ?? defaults.trackRunningStats;
    const dtype = opts.dtype ?? 'float32';
    if (dtype !== 'float32' && dtype !== 'float64') throw new TypeError(`${layer}: dtype must be 'float32' or 'float64', got ${String(dtype)}`);
    this.weight = this.affine ? new Parameter(ones([numFeatures], { dtype })) : null;
    this.bias = this.affine ? new Parameter(zeros([numFeatures], { dtype })) : null;
    if (this.trackRunningStats) {
      this.registerBuffer('running_mean', zeros([numFeatures], { dtype }));
      this.registerBuffer('running_var', ones([numFeatures], { dtype }));
      // int32 here (PyTorch: int64); a 0-d tensor like PyTorch's `tensor(0)`.
      this.registerBuffer('num_batches_tracked', zeros([], { dtype: 'int32' }));
    } else {
      this.registerBuffer('running_mean', null);
      this.registerBuffer('running_var', null);
      this.registerBuffer('num_batches_tracked', null);
    }
  }

  /** The `running_mean` buffer (null when not tracking running statistics). */
  get runningMean(): Tensor | null {
    return this.getBuffer('running_mean');
  }

  /** The `running_var` buffer: unbiased variance estimate (null when not tracking). */
  get runningVar(): Tensor | null {
    return this.getBuffer('running_var');
  }

  /** The `num_batches_tracked` buffer: training forwards seen since the last reset (null when not tracking). */
  get numBatchesTracked(): Tensor | null {
    return this.getBuffer('num_batches_tracked');
  }

  /** Running mean 0, running variance 1, batch count 0 (in place). */
  resetRunningStats(): void {
    if (!this.trackRunningStats) return;
    noGrad(() => {
      this.runningMean!.zero_();
      this.runningVar!.fill_(1);
      this.numBatchesTracked!.zero_();
    });
  }

  /** Running statistics reset, weight 1 and bias 0 (in place), as after construction. */
  resetParameters(): void {
    this.resetRunningStats();
    if (this.affine) {
      noGrad(() => {
        this.weight!.fill_(1);
        this.bias!.fill_(0);
      });
    }
  }

  /** `200, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True`, as PyTorch prints it. */
  override extraRepr(): string {
    return `${this.numFeatures}, eps=${pyFloat(this.eps)}, momentum=${pyFloat(this.momentum)}, affine=${pyBool(this.affine)}, track_running_stats=${pyBool(this.trackRunningStats)}`;
  }
}
