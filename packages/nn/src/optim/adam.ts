import type { TypedArray } from '@poise/tensor';
import { Optimizer, withDefaults, type ParamsArg, type StateKey } from './optimizer';
import { pick } from './torch-names';

export interface AdamOptions {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
  maximize: boolean;
}

/**
 * Adam (Kingma & Ba 2015) exactly as torch.optim.Adam computes it: L2 weight decay added to the gradient,
 * bias corrections 1 - beta^t, and denom = sqrt(v) / sqrt(1 - beta2^t) + eps.
 */
export class Adam extends Optimizer<AdamOptions> {
  protected readonly stateKeys: Readonly<Record<string, StateKey>> = {
    step: { torch: 'step', kind: 'scalar' },
    expAvg: { torch: 'exp_avg', kind: 'buffer' },
    expAvgSq: { torch: 'exp_avg_sq', kind: 'buffer' },
    maxExpAvgSq: { torch: 'max_exp_avg_sq', kind: 'buffer' },
  };

  constructor(params: ParamsArg<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(params, withDefaults<AdamOptions>({ lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false }, options), 'Adam');
    for (const g of this.paramGroups) {
      for (const b of [g.options.beta1, g.options.beta2]) if (!(b >= 0 && b < 1)) throw new RangeError(`Adam: invalid beta parameter: ${b} (must be in [0, 1))`);
    }
  }

  protected groupToTorch(o: AdamOptions): Record<string, unknown> {
    return {
      lr: o.lr, betas: [o.beta1, o.beta2], eps: o.eps, weight_decay: o.weightDecay, amsgrad: o.amsgrad, maximize: o.maximize,
      foreach: null, capturable: false, differentiable: false, fused: false,
    };
  }

  protected groupFromTorch(g: Record<string, unknown>): Partial<AdamOptions> {
    const out: Partial<AdamOptions> = pick(g, { lr: 'lr', eps: 'eps', weight_decay: 'weightDecay', amsgrad: 'amsgrad', maximize: 'maximize' });
    if (g.betas !== undefined) {
      const b = g.betas;
      if (!Array.isArray(b) || b.length !== 2 || !b.every((x) => typeof x === 'number' && x >= 0 && x < 1)) {
        throw new RangeError(`Adam: invalid betas in param group: ${JSON.stringify(b)} (two numbers in [0, 1))`);
      }
      out.beta1 = b[0];
      out.beta2 = b[1];
    }
    return out;
  }

  protected update(p: TypedArray, grad: TypedArray, state: Record<string, Float32Array | Float64Array | number>, o: AdamOptions): void {
    if (state.step === undefined) {
      state.step = 0;
      state.expAvg = this.buffer(p);
      state.expAvgSq = this.buffer(p);
      if (o.amsgrad) state.maxExpAvgSq = this.buffer(p);
    }
    // State restored from a run without amsgrad has no maximum yet; max(0, v) = v makes zeros the right start.
    if (o.amsgrad && state.maxExpAvgSq === undefined) state.maxExpAvgSq = this.buffer(p);
    const step = (state.step as number) + 1;
    state.step = step;
    const m = state.expAvg as Float32Array | Float64Array;
    const v = state.expAvgSq as Float32Array | Float64Array;
    const vmax = state.maxExpAvgSq as Float32Array | Float64Array | undefined;
    const { beta1, beta2, eps, weightDecay } = o;
    const stepSize = o.lr / (1 - beta1 ** step);
    const bc2Sqrt = Math.sqrt(1 - beta2 ** step);
    const sign = o.maximize ? -1 : 1;
    for (let i = 0; i < p.length; i++) {
      const g = sign * grad[i] + weightDecay * p[i];
      m[i] = beta1 * m[i] + (1 - beta1) * g;
      v[i] = beta2 * v[i] + (1 - beta2) * g * g;
      let second = v[i];
      if (vmax !== undefined) {
        if (v[i] > vmax[i]) vmax[i] = v[i];
        second = vmax[i];
      }
      p[i] -= (stepSize * m[i]) / (Math.sqrt(second) / bc2Sqrt + eps);
    }
  }
}
