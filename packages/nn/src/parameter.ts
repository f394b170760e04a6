import { Tensor } from '@poise/tensor';

/**
 * A tensor that is a module's learnable weight: it shares the given tensor's storage and requires grad by
 * default, like `torch.nn.Parameter`. Modules find their parameters by this type.
 */
export class Parameter extends Tensor {
  constructor(data: Tensor, requiresGrad = true) {
    if (!(data instanceof Tensor)) throw new TypeError('Parameter: data must be a Tensor');
    super(data.storage, data.shape, data.strides, data.offset, data.dtype);
    if (requiresGrad) this.requiresGrad = true;
  }
}
