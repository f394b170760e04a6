import type { TypedArray } from '@poise/tensor';
import { pick } from './torch-names';
import { Optimizer, withDefaults, type ParamsArg, type StateKey } from './optimizer';

export interface SGDOptions {
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
  maximize: boolean;
}

/**
 * Stochastic gradient descent with PyTorch's momentum formulation (torch.optim.SGD):
 *   g = grad + weightDecay * p;  b = momentum * b + (1 - dampening) * g  (b = g at the first step);
 *   g = nesterov ? g + momentum * b : b;  p = p - lr * g.
 * Plain SGD (`momentum: 0`) is the seeds' `p.data += -lr * p.grad`.
 */
export class SGD extends Optimizer<SGDOptions> {
  protected readonly stateKeys: Readonly<Record<string, StateKey>> = { momentumBuffer: { torch: 'momentum_buffer', kind: 'buffer' } };

  constructor(params: ParamsArg<SGDOptions>, options: Partial<SGDOptions> & { lr: number }) {
    super(params, withDefaults<SGDOptions>({ lr: options.lr, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false }, options), 'SGD');
    for (const g of this.paramGroups) {
      if (g.options.nesterov && (g.options.momentum <= 0 || g.options.dampening !== 0)) {
        throw new RangeError('SGD: Nesterov momentum requires a momentum and zero dampening');
      }
    }
  }

  protected groupToTorch(o: SGDOptions): Record<string, unknown> {
    return {
      lr: o.lr, momentum: o.momentum, dampening: o.dampening, weight_decay: o.weightDecay, nesterov: o.nesterov,
      maximize: o.maximize, foreach: null, differentiable: false,
    };
  }

  protected groupFromTorch(g: Record<string, unknown>): Partial<SGDOptions> {
    return pick(g, { lr: 'lr', momentum: 'momentum', dampening: 'dampening', weight_decay: 'weightDecay', nesterov: 'nesterov', maximize: 'maximize' });
  }

  protected update(p: TypedArray, grad: TypedArray, state: Record<string, Float32Array | Float64Array | number>, o: SGDOptions): void {
    const n = p.length;
    const sign = o.maximize ? -1 : 1;
    const lr = o.lr;
    if (o.momentum === 0) {
      for (let i = 0; i < n; i++) p[i] -= lr * (sign * grad[i] + o.weightDecay * p[i]);
      return;
    }
    let buf = state.momentumBuffer as Float32Array | Float64Array | undefined;
    const first = buf === undefined;
    if (buf === undefined) {
      buf = this.buffer(p);
      state.momentumBuffer = buf;
    }
    const m = o.momentum;
    const damp = 1 - o.dampening;
    for (let i = 0; i < n; i++) {
      const g = sign * grad[i] + o.weightDecay * p[i];
      const b = first ? g : m * buf[i] + damp * g;
      buf[i] = b;
      p[i] -= lr * (o.nesterov ? g + m * buf[i] : buf[i]);
    }
  }
}
