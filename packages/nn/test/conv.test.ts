import { describe, expect, it } from 'vitest';
import { Generator, conv2d as conv2dFn, manualSeed, maxPool2d as maxPool2dFn, randint, randn } from '@poise/tensor';
import {
  AdaptiveAvgPool2d, AvgPool2d, Conv2d, Flatten, Linear, MaxPool2d, ReLU, SGD, Sequential, conv2d, crossEntropy, maxPool2d,
} from '../src';

describe('Conv2d', () => {
  it('prints like PyTorch', () => {
    // Strings printed by PyTorch 1.13 for the same constructor calls.
    expect(new Conv2d(16, 16, 3, { padding: 1 }).toString()).toBe('Conv2d(16, 16, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))');
    expect(new Conv2d(4, 6, [3, 2], { stride: 2, dilation: 2, groups: 2, bias: false }).toString())
      .toBe('Conv2d(4, 6, kernel_size=(3, 2), stride=(2, 2), dilation=(2, 2), groups=2, bias=False)');
    expect(new Conv2d(4, 6, 3, { padding: 'same' }).toString()).toBe('Conv2d(4, 6, kernel_size=(3, 3), stride=(1, 1), padding=same)');
  });

  it('has PyTorch-shaped parameters and state-dict keys', () => {
    const conv = new Conv2d(4, 6, [3, 2], { groups: 2 });
    expect(conv.weight.shape).toEqual([6, 2, 3, 2]);
    expect(conv.bias!.shape).toEqual([6]);
    expect(Object.keys(conv.stateDict())).toEqual(['weight', 'bias']);
    expect(new Conv2d(4, 6, 3, { bias: false }).parameters().length).toBe(1);
  });

  it('initialises within ±1/sqrt(fanIn), from the generator given', () => {
    const a = new Conv2d(8, 4, 3, { generator: new Generator().manualSeed(1) });
    manualSeed(1);
    const b = new Conv2d(8, 4, 3);
    expect(a.weight.tolist()).toEqual(b.weight.tolist());
    const bound = 1 / Math.sqrt(8 * 9);
    for (const v of a.weight.toTypedArray()) expect(Math.abs(v)).toBeLessThanOrEqual(bound);
    for (const v of a.bias!.toTypedArray()) expect(Math.abs(v)).toBeLessThanOrEqual(bound);
  });

  it('forward is the functional conv2d with its settings, batched and unbatched', () => {
    const conv = new Conv2d(3, 5, 3, { stride: 2, padding: 1 });
    const x = randn([2, 3, 9, 9]);
    const y = conv.forward(x);
    expect(y.shape).toEqual([2, 5, 5, 5]);
    expect(y.tolist()).toEqual(conv2dFn(x, conv.weight, conv.bias, { stride: 2, padding: 1 }).tolist());
    expect(conv.forward(randn([3, 9, 9])).shape).toEqual([5, 5, 5]);
    expect(new Conv2d(2, 2, [2, 4], { padding: 'same' }).forward(randn([1, 2, 5, 6])).shape).toEqual([1, 2, 5, 6]);
    expect(conv2d).toBe(conv2dFn);
    expect(maxPool2d).toBe(maxPool2dFn);
  });

  it('converts with to(dtype)', () => {
    const conv = new Conv2d(2, 3, 3).to('float64');
    expect(conv.weight.dtype).toBe('float64');
    expect(conv.forward(randn([1, 2, 4, 4], { dtype: 'float64' })).dtype).toBe('float64');
  });

  it('validates its settings up front, and the input on forward', () => {
    expect(() => new Conv2d(4, 6, 3, { groups: 3 })).toThrow('Conv2d: inChannels (4) must be divisible by groups (3)');
    expect(() => new Conv2d(4, 6, 3, { groups: 4 })).toThrow('Conv2d: outChannels (6) must be divisible by groups (4)');
    expect(() => new Conv2d(4, 6, 3, { groups: 0 })).toThrow('Conv2d: groups must be a positive integer, got 0');
    expect(() => new Conv2d(4, 6, 0)).toThrow('Conv2d: kernelSize must be a positive integer or a pair [h, w] of them, got 0');
    expect(() => new Conv2d(4, 6, 3, { stride: [1, 0] })).toThrow('Conv2d: stride must be a positive integer or a pair [h, w] of them, got [1, 0]');
    expect(() => new Conv2d(4, 6, 3, { padding: -1 })).toThrow('Conv2d: padding must be a non-negative integer or a pair [h, w] of them, got -1');
    expect(() => new Conv2d(4, 6, 3, { padding: 'same', stride: 2 })).toThrow("Conv2d: padding 'same' is not supported for strided convolutions, got stride (2, 2)");
    expect(() => new Conv2d(4, 6, 3).forward(randn([1, 3, 5, 5])))
      .toThrow('conv2d: weight of shape [6, 4, 3, 3] with groups=1 expects an input with 4 channels, but the input of shape [1, 3, 5, 5] has 3');
  });
});

describe('pooling modules', () => {
  it('print like PyTorch', () => {
    expect(new MaxPool2d(2).toString()).toBe('MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)');
    expect(new MaxPool2d([2, 3], { stride: 1, padding: 1, dilation: 2, ceilMode: true }).toString())
      .toBe('MaxPool2d(kernel_size=(2, 3), stride=1, padding=1, dilation=2, ceil_mode=True)');
    expect(new AvgPool2d(2).toString()).toBe('AvgPool2d(kernel_size=2, stride=2, padding=0)');
    expect(new AvgPool2d(3, { stride: 2, padding: 1, ceilMode: true, countIncludePad: false, divisorOverride: 4 }).toString())
      .toBe('AvgPool2d(kernel_size=3, stride=2, padding=1)');
    expect(new AdaptiveAvgPool2d(1).toString()).toBe('AdaptiveAvgPool2d(output_size=1)');
    expect(new AdaptiveAvgPool2d([1, 1]).toString()).toBe('AdaptiveAvgPool2d(output_size=(1, 1))');
    expect(new AdaptiveAvgPool2d([null, 3]).toString()).toBe('AdaptiveAvgPool2d(output_size=(None, 3))');
  });

  it('forward applies the functional op with the module settings', () => {
    const x = randn([2, 3, 7, 7]);
    expect(new MaxPool2d(3, { stride: 2, padding: 1 }).forward(x).tolist()).toEqual(maxPool2dFn(x, 3, { stride: 2, padding: 1 }).tolist());
    expect(new AvgPool2d(2, { ceilMode: true }).forward(x).shape).toEqual([2, 3, 4, 4]);
    expect(new AdaptiveAvgPool2d([2, 3]).forward(x).shape).toEqual([2, 3, 2, 3]);
    expect(new AdaptiveAvgPool2d([null, 1]).forward(x).shape).toEqual([2, 3, 7, 1]);
    expect(new MaxPool2d(2).parameters()).toEqual([]);
  });

  it('validate their settings', () => {
    expect(() => new MaxPool2d(0)).toThrow('MaxPool2d: kernelSize must be a positive integer or a pair [h, w] of them, got 0');
    expect(() => new AvgPool2d(2, { padding: [0, -1] })).toThrow('AvgPool2d: padding must be a non-negative integer or a pair [h, w] of them, got [0, -1]');
    expect(() => new AdaptiveAvgPool2d(0)).toThrow('AdaptiveAvgPool2d: outputSize must be a positive integer or a pair [h, w] of them (or null), got 0');
    expect(() => new MaxPool2d(3, { padding: 2 }).forward(randn([1, 1, 5, 5])))
      .toThrow('maxPool2d: padding should be at most half of the kernel size, got padding 2 and kernelSize 3');
  });
});

describe('a small CNN', () => {
  it('trains: conv -> relu -> pool -> conv -> global pool -> linear', () => {
    manualSeed(0);
    const model = new Sequential(
      new Conv2d(1, 8, 3, { padding: 1 }), new ReLU(), new MaxPool2d(2),
      new Conv2d(8, 16, 3, { padding: 1 }), new ReLU(), new AdaptiveAvgPool2d(1), new Flatten(), new Linear(16, 3),
    );
    expect(Object.keys(model.stateDict())).toEqual(['0.weight', '0.bias', '3.weight', '3.bias', '7.weight', '7.bias']);
    const x = randn([12, 1, 8, 8]);
    const y = randint(0, 3, [12]);
    const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
    let first = 0;
    let last = 0;
    for (let step = 0; step < 60; step++) {
      const loss = crossEntropy(model.forward(x), y);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      if (step === 0) first = loss.item();
      last = loss.item();
    }
    expect(last).toBeLessThan(first * 0.5);
  });
});
