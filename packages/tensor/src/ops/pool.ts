/**
 * 2-D pooling with PyTorch's semantics, backward beside forward: max pooling (`maxPool2d` /
 * `maxPool2dWithIndices`, kernels `maxPool2d` + `maxPool2dBackward`), average pooling (`avgPool2d`, kernels
 * `avgPool2d` + `avgPool2dBackward`), and adaptive average pooling, composed from those: average pooling
 * when the bins tile the input evenly, otherwise two matrix products with bin-averaging matrices.
 */
import type { AvgPool2dParams, Pool2dParams } from '../backend/backend';
import { fmtShape } from '../shape';
import { Tensor } from '../tensor';
import { record, wrap } from './core';
import { nchw, pair, show, type Size2 } from './window-args';

export interface MaxPool2dOptions {
  /** Step between windows (default, or null: the kernel size). */
  stride?: Size2 | null;
  /** Implicit -infinity padding on both sides, at most half the kernel (default 0). */
  padding?: Size2;
  /** Spacing between window taps (default 1). */
  dilation?: Size2;
  /** Round the output size up instead of down, so windows may run past the far edge (default false). */
  ceilMode?: boolean;
}

export interface AvgPool2dOptions {
  /** Step between windows (default, or null: the kernel size). */
  stride?: Size2 | null;
  /** Implicit zero padding on both sides, at most half the kernel (default 0). */
  padding?: Size2;
  /** Round the output size up instead of down (default false). */
  ceilMode?: boolean;
  /** Count padding zeros in each window's divisor (default true, as PyTorch). */
  countIncludePad?: boolean;
  /** Divide every window's sum by this nonzero integer instead. */
  divisorOverride?: number | null;
}

/**
 * PyTorch's `pooling_output_shape`: floor (or with ceil mode, ceil) of (in + 2 pad - dil (k - 1) - 1) / stride,
 * plus one; with ceil mode a last window that would start inside the far padding is dropped.
 */
export function poolOutputSize(inputSize: number, kernel: number, pad: number, stride: number, dilation: number, ceilMode: boolean): number {
  const num = inputSize + 2 * pad - dilation * (kernel - 1) - 1 + (ceilMode ? stride - 1 : 0);
  let out = Math.floor(num / stride) + 1;
  if (ceilMode && (out - 1) * stride >= inputSize + pad) out--;
  return out;
}

/** Resolves and checks the window arguments the two pooling ops share (PyTorch's `pool2d_shape_check`). */
function poolParams(op: string, x4: Tensor, kernelSize: unknown, stride: unknown, padding: unknown, dilation: unknown, ceilMode: boolean, input: Tensor): Pool2dParams {
  const k = pair(op, 'kernelSize', kernelSize, 1);
  const s = stride === undefined || stride === null || (Array.isArray(stride) && stride.length === 0) ? k : pair(op, 'stride', stride, 1);
  const p = pair(op, 'padding', padding ?? 0, 0);
  const d = pair(op, 'dilation', dilation ?? 1, 1);
  if (p[0] > k[0] >> 1 || p[1] > k[1] >> 1) {
    throw new RangeError(`${op}: padding should be at most half of the kernel size, got padding ${show(padding)} and kernelSize ${show(kernelSize)}`);
  }
  const [, C, H, W] = x4.shape;
  const OH = poolOutputSize(H, k[0], p[0], s[0], d[0], ceilMode);
  const OW = poolOutputSize(W, k[1], p[1], s[1], d[1], ceilMode);
  if (OH < 1 || OW < 1) {
    throw new RangeError(
      `${op}: the output size is too small: input of shape ${fmtShape(input.shape)} (${C} x ${H} x ${W}) gives ${C} x ${OH} x ${OW} ` +
        `with kernelSize ${show(kernelSize)}, stride ${show(stride ?? kernelSize)}, padding ${show(padding ?? 0)}, dilation ${show(dilation ?? 1)}`,
    );
  }
  return { kernelSize: k, stride: s, padding: p, dilation: d, outputSize: [OH, OW] };
}

function checkBool(op: string, what: string, v: unknown): boolean {
  if (v === undefined) return false;
  if (typeof v !== 'boolean') throw new TypeError(`${op}: ${what} must be a boolean, got ${show(v)}`);
  return v;
}

/**
 * `F.max_pool2d(x, kernel_size, stride, padding, dilation, ceil_mode, return_indices=True)`: the window maxima
 * and their int32 indices `h * W + w` within each [H, W] plane. The gradient goes to the selected element
 * (the first of equal maxima, as PyTorch).
 */
export function maxPool2dWithIndices(x: Tensor, kernelSize: Size2, opts: MaxPool2dOptions = {}): [Tensor, Tensor] {
  const op = 'maxPool2d';
  const [x4, unbatched] = nchw(op, x, true);
  const ceilMode = checkBool(op, 'ceilMode', opts.ceilMode);
  const params = poolParams(op, x4, kernelSize, opts.stride, opts.padding, opts.dilation, ceilMode, x);
  const backend = x4.storage.backend;
  const [N, C] = x4.shape;
  const outShape = [N, C, ...params.outputSize];
  const r = backend.maxPool2d(x4, params);
  const values = wrap(backend, r.values, outShape, x.dtype);
  const indices = wrap(backend, r.indices, outShape, 'int32');
  // The indices are returned to the caller too: saving them makes an in-place change to them an error at
  // backward time rather than a silently misrouted gradient.
  record(values, 'MaxPool2DWithIndicesBackward', [x4], (g) => [
    wrap(backend, backend.maxPool2dBackward(g, indices, x4.shape), x4.shape, x.dtype),
  ], [indices]);
  return unbatched ? [values.squeeze(0), indices.squeeze(0)] : [values, indices];
}

/** `F.max_pool2d(x, kernel_size, stride, padding, dilation, ceil_mode)`: x [N, C, H, W] or [C, H, W]. */
export function maxPool2d(x: Tensor, kernelSize: Size2, opts: MaxPool2dOptions = {}): Tensor {
  return maxPool2dWithIndices(x, kernelSize, opts)[0];
}

/**
 * `F.avg_pool2d(x, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override)`: each
 * window's mean, the divisor counting padding zeros unless `countIncludePad: false`.
 */
export function avgPool2d(x: Tensor, kernelSize: Size2, opts: AvgPool2dOptions = {}): Tensor {
  const op = 'avgPool2d';
  const [x4, unbatched] = nchw(op, x, true);
  const ceilMode = checkBool(op, 'ceilMode', opts.ceilMode);
  const countIncludePad = opts.countIncludePad === undefined ? true : checkBool(op, 'countIncludePad', opts.countIncludePad);
  const div = opts.divisorOverride ?? null;
  if (div !== null && (typeof div !== 'number' || !Number.isInteger(div) || div === 0)) {
    throw new RangeError(`${op}: divisorOverride must be a nonzero integer or null, got ${show(div)}`);
  }
  const geometry = poolParams(op, x4, kernelSize, opts.stride, opts.padding, 1, ceilMode, x);
  const params: AvgPool2dParams = { ...geometry, countIncludePad, divisorOverride: div };
  const out = avgPool2dParams(x4, params);
  return unbatched ? out.squeeze(0) : out;
}

/** Average pooling of a checked 4-D input with resolved parameters. */
function avgPool2dParams(x4: Tensor, params: AvgPool2dParams): Tensor {
  const backend = x4.storage.backend;
  const [N, C] = x4.shape;
  const out = wrap(backend, backend.avgPool2d(x4, params), [N, C, ...params.outputSize], x4.dtype);
  return record(out, 'AvgPool2DBackward', [x4], (g) => [
    wrap(backend, backend.avgPool2dBackward(g, x4.shape, params), x4.shape, x4.dtype),
  ]);
}

/**
 * `F.adaptive_avg_pool2d(x, output_size)`: output cell (i, j) is the mean of input rows
 * [floor(i H / OH), ceil((i + 1) H / OH)) and the matching columns, PyTorch's bins (which overlap or
 * differ in size when OH does not divide H). `outputSize` is an integer, or [h, w] where null keeps that
 * input size.
 */
export function adaptiveAvgPool2d(x: Tensor, outputSize: number | readonly [number | null, number | null]): Tensor {
  const op = 'adaptiveAvgPool2d';
  const [x4, unbatched] = nchw(op, x, true);
  const [, , H, W] = x4.shape;
  const given: unknown[] | null = typeof outputSize === 'number' ? [outputSize, outputSize] : Array.isArray(outputSize) ? outputSize : null;
  if (given === null || given.length !== 2 || !given.every((v) => v === null || (typeof v === 'number' && Number.isInteger(v)))) {
    throw new TypeError(`${op}: outputSize must be an integer or a pair [h, w] of integers or null, got ${show(outputSize)}`);
  }
  const OH = (given[0] as number | null) ?? H;
  const OW = (given[1] as number | null) ?? W;
  if (OH < 1 || OW < 1) {
    throw new RangeError(`${op}: outputSize must be positive, got ${show(outputSize)} for input of shape ${fmtShape(x.shape)}`);
  }
  let out: Tensor;
  if (H % OH === 0 && W % OW === 0) {
    // Even bins are plain average-pooling windows (kernel = stride = bin size): PyTorch's exact arithmetic.
    const k: [number, number] = [H / OH, W / OW];
    out = avgPool2dParams(x4, {
      kernelSize: k, stride: k, padding: [0, 0], dilation: [1, 1], outputSize: [OH, OW], countIncludePad: true, divisorOverride: null,
    });
  } else {
    // Bins are rectangles, so the bin mean is separable: out = A_H @ x @ A_W^T with A[i, h] = 1 / |bin i| on bin i.
    out = binMatrix(x4, OH, H).matmul(x4.matmul(binMatrix(x4, OW, W).t()));
  }
  return unbatched ? out.squeeze(0) : out;
}

/** [outSize, inSize]: row i averages PyTorch's adaptive bin i, [floor(i in / out), ceil((i + 1) in / out)). */
function binMatrix(like: Tensor, outSize: number, inSize: number): Tensor {
  const a = new Float64Array(outSize * inSize);
  for (let i = 0; i < outSize; i++) {
    const start = Math.floor((i * inSize) / outSize);
    const end = Math.ceil(((i + 1) * inSize) / outSize);
    for (let h = start; h < end; h++) a[i * inSize + h] = 1 / (end - start);
  }
  const backend = like.storage.backend;
  return wrap(backend, backend.fromArray(like.dtype, like.dtype === 'float64' ? a : Float32Array.from(a)), [outSize, inSize], like.dtype);
}
