import { Tensor, type DType, type Generator } from '@poise/tensor';
import { Module } from './module';
import { Parameter } from './parameter';
import { emptyParameter, checkFeatures, resetLikeTorch } from './util';

export interface LinearOptions {
  bias?: boolean;
  dtype?: DType;
  /** Generator for the default initialisation (the default generator otherwise). */
  generator?: Generator;
}

/**
 * y = x W^T + b, with W stored as [outFeatures, inFeatures] as in PyTorch. The default initialisation is
 * PyTorch's: kaiming_uniform_(W, a=sqrt(5)), i.e. U(-1/sqrt(in), 1/sqrt(in)), and the bias from the same
 * range, so a seeded generator gives PyTorch's exact weights.
 */
export class Linear extends Module {
  weight: Parameter;
  bias: Parameter | null;

  constructor(readonly inFeatures: number, readonly outFeatures: number, opts: LinearOptions = {}) {
    super();
    checkFeatures('Linear', { inFeatures, outFeatures });
    const dtype = opts.dtype ?? 'float32';
    this.weight = emptyParameter([outFeatures, inFeatures], dtype);
    this.bias = opts.bias === false ? null : emptyParameter([outFeatures], dtype);
    this.resetParameters(opts.generator);
  }

  /** PyTorch's `reset_parameters`: the same draws in the same order. */
  resetParameters(generator?: Generator): void {
    resetLikeTorch(this.weight, this.bias, generator);
  }

  override forward(x: Tensor): Tensor {
    if (!(x instanceof Tensor)) throw new TypeError('Linear: input must be a Tensor');
    const last = x.shape[x.shape.length - 1];
    if (x.ndim === 0 || last !== this.inFeatures) {
      throw new RangeError(`Linear: expected input with ${this.inFeatures} features in its last dimension, got shape [${x.shape.join(', ')}]`);
    }
    const y = x.matmul(this.weight.t());
    return this.bias === null ? y : y.add(this.bias);
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${this.bias === null ? 'False' : 'True'}`;
  }
}
