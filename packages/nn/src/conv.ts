import { Tensor, conv2d, type DType, type Generator, type Size2 } from '@poise/tensor';
import { Module } from './module';
import { Parameter } from './parameter';
import { emptyParameter, checkFeatures, resetLikeTorch } from './util';
import { pairArg, reprSize } from './window-util';

export interface Conv2dOptions {
  /** Step between windows: an integer or [h, w] (default 1). */
  stride?: Size2;
  /** Zero padding: an integer or [h, w] (default 0), `'valid'` (none) or `'same'` (stride 1 only). */
  padding?: Size2 | 'valid' | 'same';
  /** Spacing between kernel taps (default 1). */
  dilation?: Size2;
  /** Channel groups: inChannels and outChannels must both be divisible by it (default 1). */
  groups?: number;
  /** Learn an additive bias per output channel (default true). */
  bias?: boolean;
  dtype?: DType;
  /** Generator for the default initialisation (the default generator otherwise). */
  generator?: Generator;
}

/**
 * A 2-D convolution layer, `nn.Conv2d`: `forward(x)` is `conv2d(x, weight, bias, { stride, padding,
 * dilation, groups })` for x of shape [N, inChannels, H, W] (or unbatched [inChannels, H, W]). The weight is
 * stored as PyTorch's [outChannels, inChannels / groups, kH, kW] and the bias as [outChannels].
 *
 * Default initialisation is PyTorch's `reset_parameters`: `kaiming_uniform_(weight, a=sqrt(5))`, i.e.
 * U(-1/sqrt(fanIn), 1/sqrt(fanIn)) with fanIn = inChannels / groups * kH * kW, then the bias from the same
 * range; the same draws in the same order, so a seeded generator gives PyTorch's exact weights.
 */
export class Conv2d extends Module {
  weight: Parameter;
  bias: Parameter | null;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number] | 'valid' | 'same';
  readonly dilation: [number, number];
  readonly groups: number;

  constructor(readonly inChannels: number, readonly outChannels: number, kernelSize: Size2, opts: Conv2dOptions = {}) {
    super();
    checkFeatures('Conv2d', { inChannels, outChannels });
    const groups = opts.groups ?? 1;
    if (typeof groups !== 'number' || !Number.isInteger(groups) || groups < 1) {
      throw new RangeError(`Conv2d: groups must be a positive integer, got ${String(groups)}`);
    }
    if (inChannels % groups !== 0) throw new RangeError(`Conv2d: inChannels (${inChannels}) must be divisible by groups (${groups})`);
    if (outChannels % groups !== 0) throw new RangeError(`Conv2d: outChannels (${outChannels}) must be divisible by groups (${groups})`);
    this.kernelSize = pairArg('Conv2d', 'kernelSize', kernelSize, 1);
    this.stride = pairArg('Conv2d', 'stride', opts.stride ?? 1, 1);
    this.dilation = pairArg('Conv2d', 'dilation', opts.dilation ?? 1, 1);
    const padding = opts.padding ?? 0;
    if (padding === 'valid' || padding === 'same') {
      if (padding === 'same' && (this.stride[0] !== 1 || this.stride[1] !== 1)) {
        throw new RangeError(`Conv2d: padding 'same' is not supported for strided convolutions, got stride ${reprSize(this.stride)}`);
      }
      this.padding = padding;
    } else if (typeof padding === 'string') {
      throw new RangeError(`Conv2d: padding must be an integer, a pair [h, w], 'valid' or 'same', got '${padding}'`);
    } else {
      this.padding = pairArg('Conv2d', 'padding', padding, 0);
    }
    this.groups = groups;
    const dtype = opts.dtype ?? 'float32';
    this.weight = emptyParameter([outChannels, inChannels / groups, ...this.kernelSize], dtype);
    this.bias = opts.bias === false ? null : emptyParameter([outChannels], dtype);
    this.resetParameters(opts.generator);
  }

  /** PyTorch's `reset_parameters`: the same draws in the same order. */
  resetParameters(generator?: Generator): void {
    resetLikeTorch(this.weight, this.bias, generator);
  }

  override forward(x: Tensor): Tensor {
    if (!(x instanceof Tensor)) throw new TypeError('Conv2d: input must be a Tensor');
    return conv2d(x, this.weight, this.bias, { stride: this.stride, padding: this.padding, dilation: this.dilation, groups: this.groups });
  }

  /** PyTorch's: `16, 16, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1)`, non-default settings only after stride. */
  override extraRepr(): string {
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=${reprSize(this.kernelSize)}, stride=${reprSize(this.stride)}`;
    const p = this.padding;
    if (typeof p === 'string') s += `, padding=${p}`;
    else if (p[0] !== 0 || p[1] !== 0) s += `, padding=${reprSize(p)}`;
    if (this.dilation[0] !== 1 || this.dilation[1] !== 1) s += `, dilation=${reprSize(this.dilation)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ', bias=False';
    return s;
  }
}
