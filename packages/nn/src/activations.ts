import { Tensor, where, zeros, type DType } from '@poise/tensor';
import { Module } from './module';
import { Parameter } from './parameter';

/** tanh as a layer. Saturates for |x| > ~2: the seeds' "dead neurons" live here. */
export class Tanh extends Module {
  override forward(x: Tensor): Tensor {
    return x.tanh();
  }
}

export class Sigmoid extends Module {
  override forward(x: Tensor): Tensor {
    return x.sigmoid();
  }
}

export class ReLU extends Module {
  override forward(x: Tensor): Tensor {
    return x.relu();
  }
}

/** max(0, x) + negativeSlope * min(0, x), PyTorch's default slope 0.01. */
export class LeakyReLU extends Module {
  constructor(readonly negativeSlope = 0.01) {
    super();
  }

  override forward(x: Tensor): Tensor {
    return x.leakyRelu(this.negativeSlope);
  }

  override extraRepr(): string {
    return `negative_slope=${this.negativeSlope}`;
  }
}

/**
 * PReLU(x) = x for x > 0, a * x otherwise, with a learned (He et al. 2015, Sec. 2.1). `a` is one value
 * shared by all channels (numParameters = 1) or one per channel (dim 1 of the input), initialised to 0.25
 * as in the paper. The paper trains `a` without weight decay; put it in its own optimizer group for that.
 */
export function prelu(x: Tensor, weight: Tensor): Tensor {
  if (weight.ndim !== 1) throw new RangeError(`prelu: weight must be 1-D, got shape [${weight.shape.join(', ')}]`);
  const n = weight.shape[0];
  let a: Tensor = weight;
  if (n !== 1) {
    if (x.ndim < 2 || x.shape[1] !== n) {
      throw new RangeError(`prelu: the number of parameters (${n}) must match the input's channel count (dim 1 of shape [${x.shape.join(', ')}])`);
    }
    a = weight.reshape([1, n, ...new Array<number>(x.ndim - 2).fill(1)]);
  }
  return where(x.gt(0), x, x.mul(a));
}

export class PReLU extends Module {
  weight: Parameter;

  constructor(readonly numParameters = 1, init = 0.25, opts: { dtype?: DType } = {}) {
    super();
    if (!Number.isInteger(numParameters) || numParameters < 1) {
      throw new RangeError(`PReLU: numParameters must be a positive integer, got ${numParameters}`);
    }
    this.weight = new Parameter(zeros([numParameters], { dtype: opts.dtype ?? 'float32' }).add(init));
  }

  override forward(x: Tensor): Tensor {
    return prelu(x, this.weight);
  }

  override extraRepr(): string {
    return `num_parameters=${this.numParameters}`;
  }
}
