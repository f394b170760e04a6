import { describe, expect, it } from 'vitest';
import { ones, tensor, zeros } from '@poise/tensor';
import {
  BatchNorm1d, BatchNorm2d, GroupNorm, InstanceNorm1d, InstanceNorm2d, LayerNorm, RMSNorm,
  batchNorm, groupNorm, instanceNorm, layerNorm, rmsNorm,
} from '../src';

/** Asserts the error's class and its exact message. */
function expectError(fn: () => unknown, type: typeof RangeError | typeof TypeError, message: string): void {
  let caught: unknown = null;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected ${type.name}: ${message}`).toBeInstanceOf(type);
  expect((caught as Error).message).toBe(message);
}

describe('bad input is a named error', () => {
  it('one value per channel in training mode (PyTorch\'s message)', () => {
    expectError(() => new BatchNorm1d(200).forward(ones([1, 200])), RangeError,
      'BatchNorm1d: Expected more than 1 value per channel when training, got input size [1, 200]');
    expectError(() => new BatchNorm2d(3).forward(ones([1, 3, 1, 1])), RangeError,
      'BatchNorm2d: Expected more than 1 value per channel when training, got input size [1, 3, 1, 1]');
    expectError(() => batchNorm(ones([1, 4]), null, null, null, null, true), RangeError,
      'batchNorm: Expected more than 1 value per channel when training, got input size [1, 4]');
    // Not an error: [1, C, L] with L > 1, or a single sample in eval mode.
    expect(new BatchNorm1d(3).forward(tensor([[[1, 2], [3, 4], [5, 7]]], { dtype: 'float32' })).shape).toEqual([1, 3, 2]);
    expect(new BatchNorm1d(3).eval().forward(ones([1, 3])).shape).toEqual([1, 3]);
    expectError(() => new InstanceNorm1d(3).forward(ones([2, 3, 1])), RangeError,
      'InstanceNorm1d: Expected more than 1 spatial element when training, got input size [2, 3, 1]');
  });

  it('channels not divisible by groups', () => {
    expectError(() => new GroupNorm(4, 6), RangeError, 'GroupNorm: numChannels must be divisible by numGroups, got numChannels=6 and numGroups=4');
    expectError(() => groupNorm(ones([2, 6, 3]), 4), RangeError,
      'groupNorm: expected the number of channels in the input to be divisible by numGroups, but got input of shape [2, 6, 3] and numGroups=4');
  });

  it('wrong number of channels', () => {
    expectError(() => new BatchNorm1d(5).forward(ones([2, 4])), RangeError,
      'BatchNorm1d: expected input with 5 channels (dim 1), got input of shape [2, 4] with 4 channels');
    expectError(() => new BatchNorm2d(5).forward(ones([2, 4, 3, 3])), RangeError,
      'BatchNorm2d: expected input with 5 channels (dim 1), got input of shape [2, 4, 3, 3] with 4 channels');
    expectError(() => new GroupNorm(2, 4).forward(ones([2, 6, 3])), RangeError,
      'GroupNorm: expected input with 4 channels (dim 1), got input of shape [2, 6, 3] with 6 channels');
    expectError(() => new InstanceNorm1d(3).forward(ones([2, 4, 5])), RangeError,
      'InstanceNorm1d: expected input with 3 channels (dim 1), got input of shape [2, 4, 5] with 4 channels');
    expectError(() => new InstanceNorm2d(3).forward(ones([4, 5, 5])), RangeError,
      'InstanceNorm2d: expected input with 3 channels (dim 0), got input of shape [4, 5, 5] with 4 channels');
    expectError(() => batchNorm(ones([2, 4]), zeros([5]), ones([5])), RangeError,
      'batchNorm: running_mean should have shape [4], got [5]');
    expectError(() => batchNorm(ones([2, 4]), null, null, ones([3]), null, true), RangeError, 'batchNorm: weight should have shape [4], got [3]');
  });

  it('wrong rank', () => {
    expectError(() => new BatchNorm1d(3).forward(ones([2, 3, 4, 5])), RangeError,
      'BatchNorm1d: expected 2D [N, C] or 3D [N, C, L] input (got 4D input of shape [2, 3, 4, 5])');
    expectError(() => new BatchNorm1d(3).forward(ones([3])), RangeError,
      'BatchNorm1d: expected 2D [N, C] or 3D [N, C, L] input (got 1D input of shape [3])');
    expectError(() => new BatchNorm2d(3).forward(ones([2, 3, 4])), RangeError,
      'BatchNorm2d: expected 4D input [N, C, H, W] (got 3D input of shape [2, 3, 4])');
    expectError(() => new InstanceNorm1d(3).forward(ones([2, 3, 4, 4])), RangeError,
      'InstanceNorm1d: expected 2D (unbatched) or 3D input [N, C, L] (got 4D input of shape [2, 3, 4, 4])');
    expectError(() => new InstanceNorm2d(3).forward(ones([3, 4])), RangeError,
      'InstanceNorm2d: expected 3D (unbatched) or 4D input [N, C, H, W] (got 2D input of shape [3, 4])');
    expectError(() => groupNorm(ones([4]), 2), RangeError, 'groupNorm: expected an input of shape [N, C, *] (at least 2D), got 1D input of shape [4]');
    expectError(() => batchNorm(ones([4]), null, null, null, null, true), RangeError,
      'batchNorm: expected an input of shape [N, C, *] (at least 2D), got 1D input of shape [4]');
    expectError(() => instanceNorm(ones([4])), RangeError, 'instanceNorm: expected an input of shape [N, C, *] (at least 2D), got 1D input of shape [4]');
  });

  it("normalized shape not matching the input's trailing dims", () => {
    expectError(() => new LayerNorm(5).forward(ones([2, 4])), RangeError,
      'LayerNorm: given normalizedShape=[5], expected input with shape [*, 5], but got input of shape [2, 4]');
    expectError(() => layerNorm(ones([4]), [3, 4]), RangeError,
      'layerNorm: given normalizedShape=[3, 4], expected input with shape [*, 3, 4], but got input of shape [4]');
    expectError(() => new RMSNorm([2, 3]).forward(ones([2, 3, 2])), RangeError,
      'RMSNorm: given normalizedShape=[2, 3], expected input with shape [*, 2, 3], but got input of shape [2, 3, 2]');
    expectError(() => rmsNorm(ones([2, 3]), 4), RangeError,
      'rmsNorm: given normalizedShape=[4], expected input with shape [*, 4], but got input of shape [2, 3]');
    expectError(() => layerNorm(ones([2, 3]), 3, ones([2])), RangeError, 'layerNorm: weight should have shape [3], got [2]');
    expectError(() => new LayerNorm([]), RangeError, 'LayerNorm: normalizedShape must be a positive integer or a non-empty list of them, got []');
  });

  it('non-float input', () => {
    const ints = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(ints.dtype).toBe('int32');
    const msg = (layer: string) => `${layer}: expected a floating point input (float32 or float64), got a tensor of dtype int32 and shape [2, 3]`;
    expectError(() => new BatchNorm1d(3).forward(ints), TypeError, msg('BatchNorm1d'));
    expectError(() => new LayerNorm(3).forward(ints), TypeError, msg('LayerNorm'));
    expectError(() => new GroupNorm(1, 3).forward(ints), TypeError, msg('GroupNorm'));
    expectError(() => new InstanceNorm1d(2).forward(ints), TypeError, msg('InstanceNorm1d'));
    expectError(() => new RMSNorm(3).forward(ints), TypeError, msg('RMSNorm'));
    expectError(() => batchNorm(ints.gt(2), null, null, null, null, true), TypeError,
      'batchNorm: expected a floating point input (float32 or float64), got a tensor of dtype bool and shape [2, 3]');
    expectError(() => new BatchNorm1d(3).forward([1, 2, 3] as never), TypeError, 'BatchNorm1d: expected the input to be a Tensor, got object');
  });

  it('a float64 input to float32 parameters, eval without running statistics, bad settings', () => {
    expectError(() => new BatchNorm1d(3).forward(ones([2, 3], { dtype: 'float64' })), TypeError,
      "BatchNorm1d: weight is float32 but the input is float64; convert one of them (module.to('float64'))");
    expectError(() => batchNorm(ones([2, 3]), null, null), RangeError,
      'batchNorm: running_mean and running_var must be defined in evaluation mode (training=false)');
    expectError(() => new BatchNorm1d(0), RangeError, 'BatchNorm1d: numFeatures must be a positive integer, got 0');
    expectError(() => new BatchNorm1d(3, { momentum: 2 }), RangeError,
      'BatchNorm1d: momentum must be a number in [0, 1] or null (cumulative moving average), got 2');
    expectError(() => new GroupNorm(2, 4, { eps: -1 }), RangeError, 'GroupNorm: eps must be a non-negative number, got -1');
  });
});
