/**
 * A small BatchNorm1d for nn's own tests (the real one is in @poise/norm, which depends on nn): the same
 * parameters and buffers under PyTorch's names and dtypes (`weight`, `bias`, `running_mean`, `running_var`,
 * `num_batches_tracked` as an int32 0-d tensor), updated as PyTorch does in training mode, so checkpoints of
 * a model holding it have exactly the layout of one holding torch.nn.BatchNorm1d.
 */
import { noGrad, ones, zeros, type Tensor } from '@poise/tensor';
import { Module, Parameter } from '../../src';

export class BatchNormLite extends Module {
  weight: Parameter;
  bias: Parameter;

  constructor(readonly numFeatures: number, readonly momentum = 0.1, readonly eps = 1e-5) {
    super();
    this.weight = new Parameter(ones([numFeatures]));
    this.bias = new Parameter(zeros([numFeatures]));
    this.registerBuffer('running_mean', zeros([numFeatures]));
    this.registerBuffer('running_var', ones([numFeatures]));
    this.registerBuffer('num_batches_tracked', zeros([], { dtype: 'int32' }));
  }

  override forward(x: Tensor): Tensor {
    if (!this.training) {
      const std = this.getBuffer('running_var')!.add(this.eps).sqrt();
      return x.sub(this.getBuffer('running_mean')!).div(std).mul(this.weight).add(this.bias);
    }
    const mean = x.mean(0);
    const varBiased = x.var(0, { correction: 0 });
    noGrad(() => {
      const m = this.momentum;
      const unbiased = x.var(0); // running variance is unbiased, as in PyTorch
      this.setBuffer('running_mean', this.getBuffer('running_mean')!.mul(1 - m).add(mean.detach().mul(m)));
      this.setBuffer('running_var', this.getBuffer('running_var')!.mul(1 - m).add(unbiased.mul(m)));
      this.setBuffer('num_batches_tracked', this.getBuffer('num_batches_tracked')!.add(1));
    });
    return x.sub(mean).div(varBiased.add(this.eps).sqrt()).mul(this.weight).add(this.bias);
  }
}
