/**
 * 2-D convolution, PyTorch's `F.conv2d`, with its backward beside it. The op resolves and validates the
 * geometry (`Conv2dParams`), then runs three backend kernels: `conv2d` forward, and `conv2dBackwardInput`
 * and `conv2dBackwardWeight` for the gradients; the bias gradient is the output gradient summed over
 * [N, OH, OW].
 */
import type { Conv2dParams } from '../backend/backend';
import { fmtShape } from '../shape';
import { Tensor } from '../tensor';
import { record, sameBackend, wrap } from './core';
import { nchw, pair, show, type Size2 } from './window-args';

export interface Conv2dOptions {
  /** Step between windows: an integer or [h, w] (default 1). */
  stride?: Size2;
  /**
   * Implicit zero padding on both sides: an integer or [h, w] (default 0), or PyTorch's `'valid'` (none) or
   * `'same'` (output size = input size; stride must be 1; an odd total padding puts the extra row/column at
   * the bottom/right, as PyTorch does).
   */
  padding?: Size2 | 'valid' | 'same';
  /** Spacing between kernel taps: an integer or [h, w] (default 1). */
  dilation?: Size2;
  /** Input and output channels are split into this many groups, each convolved separately (default 1). */
  groups?: number;
}

/**
 * `F.conv2d(x, weight, bias, stride, padding, dilation, groups)`: x is [N, C, H, W] (or unbatched [C, H, W]),
 * weight is [O, C / groups, kH, kW], bias is [O] or null; the result is [N, O, OH, OW] with
 * `OH = floor((H + 2 * padH - dilH * (kH - 1) - 1) / strideH) + 1` (OW likewise). Differentiable in all three.
 */
export function conv2d(x: Tensor, weight: Tensor, bias: Tensor | null = null, opts: Conv2dOptions = {}): Tensor {
  const op = 'conv2d';
  const [x4, unbatched] = nchw(op, x, false);
  if (!(weight instanceof Tensor)) throw new TypeError(`${op}: weight must be a Tensor, got ${typeof weight}`);
  if (bias !== null && bias !== undefined && !(bias instanceof Tensor)) {
    throw new TypeError(`${op}: bias must be a Tensor or null, got ${typeof bias}`);
  }
  const b = bias ?? null;
  if (weight.dtype !== x.dtype || (b !== null && b.dtype !== x.dtype)) {
    throw new TypeError(
      `${op}: expected input, weight and bias to have the same dtype, got input ${x.dtype}, weight ${weight.dtype}` +
        (b !== null ? `, bias ${b.dtype}` : ''),
    );
  }
  if (weight.ndim !== 4) {
    throw new RangeError(`${op}: expected a 4-D weight [out_channels, in_channels / groups, kH, kW], got shape ${fmtShape(weight.shape)}`);
  }
  const groups = opts.groups ?? 1;
  if (typeof groups !== 'number' || !Number.isInteger(groups) || groups < 1) {
    throw new RangeError(`${op}: groups must be a positive integer, got ${show(groups)}`);
  }
  const stride = pair(op, 'stride', opts.stride ?? 1, 1);
  const dilation = pair(op, 'dilation', opts.dilation ?? 1, 1);
  const [N, C, H, W] = x4.shape;
  const [O, Cg, kH, kW] = weight.shape;
  if (kH < 1 || kW < 1) throw new RangeError(`${op}: the kernel must be at least 1 x 1, got weight of shape ${fmtShape(weight.shape)}`);
  const extH = dilation[0] * (kH - 1) + 1, extW = dilation[1] * (kW - 1) + 1;
  let padding: [number, number, number, number];
  const pad = opts.padding ?? 0;
  if (pad === 'valid') padding = [0, 0, 0, 0];
  else if (pad === 'same') {
    if (stride[0] !== 1 || stride[1] !== 1) {
      throw new RangeError(`${op}: padding 'same' is not supported for strided convolutions, got stride ${show(opts.stride)}`);
    }
    const th = extH - 1, tw = extW - 1;
    padding = [th >> 1, th - (th >> 1), tw >> 1, tw - (tw >> 1)];
  } else if (typeof pad === 'string') {
    throw new RangeError(`${op}: padding must be an integer, a pair [h, w], 'valid' or 'same', got ${show(pad)}`);
  } else {
    const [ph, pw] = pair(op, 'padding', pad, 0);
    padding = [ph, ph, pw, pw];
  }
  if (C % groups !== 0) {
    throw new RangeError(`${op}: input channels (${C}) must be divisible by groups (${groups}); input shape ${fmtShape(x.shape)}`);
  }
  if (O % groups !== 0) {
    throw new RangeError(`${op}: output channels (weight.shape[0] = ${O}) must be divisible by groups (${groups}); weight shape ${fmtShape(weight.shape)}`);
  }
  if (Cg * groups !== C) {
    throw new RangeError(
      `${op}: weight of shape ${fmtShape(weight.shape)} with groups=${groups} expects an input with ${Cg * groups} channels, ` +
        `but the input of shape ${fmtShape(x.shape)} has ${C}`,
    );
  }
  if (b !== null && (b.ndim !== 1 || b.shape[0] !== O)) {
    throw new RangeError(`${op}: expected a bias of shape [${O}] for weight of shape ${fmtShape(weight.shape)}, got ${fmtShape(b.shape)}`);
  }
  const padH = H + padding[0] + padding[1], padW = W + padding[2] + padding[3];
  if (extH > padH || extW > padW) {
    throw new RangeError(
      `${op}: kernel size (${extH} x ${extW}${dilation[0] > 1 || dilation[1] > 1 ? ', dilated' : ''}) can't be greater than the padded ` +
        `input size (${padH} x ${padW}); input shape ${fmtShape(x.shape)}, weight shape ${fmtShape(weight.shape)}`,
    );
  }
  const OH = Math.floor((padH - extH) / stride[0]) + 1;
  const OW = Math.floor((padW - extW) / stride[1]) + 1;
  const backend = b === null ? sameBackend(op, x, weight) : sameBackend(op, x, weight, b);
  const params: Conv2dParams = { stride, padding, dilation, groups };
  const outShape = [N, O, OH, OW];
  const out = wrap(backend, backend.conv2d(x4, weight, b, params), outShape, x.dtype);
  const inputs = b === null ? [x4, weight] : [x4, weight, b];
  record(out, 'ConvolutionBackward', inputs, (g) => [
    x4.requiresGrad ? wrap(backend, backend.conv2dBackwardInput(g, weight, x4.shape, params), x4.shape, x.dtype) : null,
    weight.requiresGrad ? wrap(backend, backend.conv2dBackwardWeight(g, x4, weight.shape, params), weight.shape, x.dtype) : null,
    b !== null && b.requiresGrad ? g.sum([0, 2, 3]) : null,
  ], [x4, weight]);
  return unbatched ? out.squeeze(0) : out;
}
