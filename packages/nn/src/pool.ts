import { Tensor, adaptiveAvgPool2d, avgPool2d, maxPool2d, type AvgPool2dOptions, type MaxPool2dOptions, type Size2 } from '@poise/tensor';
import { Module } from './module';
import { pairArg, reprBool, reprSize } from './window-util';

// The options are the functional ops' own (same names, defaults and documentation).
export type { MaxPool2dOptions, AvgPool2dOptions };

/** Settings are kept as given (an integer or a pair), so they print as PyTorch prints them. */
function checked(layer: string, what: string, v: Size2, min: number): Size2 {
  pairArg(layer, what, v, min);
  return Array.isArray(v) ? ([v[0], v[1]] as const) : v;
}

/** `nn.MaxPool2d`: the maximum over each window (`maxPool2d`), for [N, C, H, W] or [C, H, W] inputs. */
export class MaxPool2d extends Module {
  readonly kernelSize: Size2;
  readonly stride: Size2;
  readonly padding: Size2;
  readonly dilation: Size2;
  readonly ceilMode: boolean;

  constructor(kernelSize: Size2, opts: MaxPool2dOptions = {}) {
    super();
    this.kernelSize = checked('MaxPool2d', 'kernelSize', kernelSize, 1);
    this.stride = opts.stride === undefined || opts.stride === null ? this.kernelSize : checked('MaxPool2d', 'stride', opts.stride, 1);
    this.padding = checked('MaxPool2d', 'padding', opts.padding ?? 0, 0);
    this.dilation = checked('MaxPool2d', 'dilation', opts.dilation ?? 1, 1);
    this.ceilMode = opts.ceilMode ?? false;
  }

  override forward(x: Tensor): Tensor {
    return maxPool2d(x, this.kernelSize, { stride: this.stride, padding: this.padding, dilation: this.dilation, ceilMode: this.ceilMode });
  }

  override extraRepr(): string {
    return `kernel_size=${reprSize(this.kernelSize)}, stride=${reprSize(this.stride)}, padding=${reprSize(this.padding)}, ` +
      `dilation=${reprSize(this.dilation)}, ceil_mode=${reprBool(this.ceilMode)}`;
  }
}

/** `nn.AvgPool2d`: the mean over each window (`avgPool2d`), for [N, C, H, W] or [C, H, W] inputs. */
export class AvgPool2d extends Module {
  readonly kernelSize: Size2;
  readonly stride: Size2;
  readonly padding: Size2;
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;
  readonly divisorOverride: number | null;

  constructor(kernelSize: Size2, opts: AvgPool2dOptions = {}) {
    super();
    this.kernelSize = checked('AvgPool2d', 'kernelSize', kernelSize, 1);
    this.stride = opts.stride === undefined || opts.stride === null ? this.kernelSize : checked('AvgPool2d', 'stride', opts.stride, 1);
    this.padding = checked('AvgPool2d', 'padding', opts.padding ?? 0, 0);
    this.ceilMode = opts.ceilMode ?? false;
    this.countIncludePad = opts.countIncludePad ?? true;
    this.divisorOverride = opts.divisorOverride ?? null;
  }

  override forward(x: Tensor): Tensor {
    return avgPool2d(x, this.kernelSize, {
      stride: this.stride, padding: this.padding, ceilMode: this.ceilMode, countIncludePad: this.countIncludePad, divisorOverride: this.divisorOverride,
    });
  }

  /** PyTorch prints only these three. */
  override extraRepr(): string {
    return `kernel_size=${reprSize(this.kernelSize)}, stride=${reprSize(this.stride)}, padding=${reprSize(this.padding)}`;
  }
}

/**
 * `nn.AdaptiveAvgPool2d`: average pooling to a fixed output size (`adaptiveAvgPool2d`), e.g. `1` for global
 * average pooling; a null entry keeps that input dimension.
 */
export class AdaptiveAvgPool2d extends Module {
  constructor(readonly outputSize: number | readonly [number | null, number | null]) {
    super();
    const v: unknown[] = typeof outputSize === 'number' ? [outputSize] : Array.isArray(outputSize) && outputSize.length === 2 ? outputSize : [NaN];
    if (!v.every((e) => e === null || (typeof e === 'number' && Number.isInteger(e) && e >= 1))) {
      throw new RangeError(`AdaptiveAvgPool2d: outputSize must be a positive integer or a pair [h, w] of them (or null), got ${String(outputSize)}`);
    }
  }

  override forward(x: Tensor): Tensor {
    return adaptiveAvgPool2d(x, this.outputSize);
  }

  override extraRepr(): string {
    return `output_size=${reprSize(this.outputSize)}`;
  }
}
