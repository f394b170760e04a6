import type { DType, TypedArray } from '../dtype';

/**
 * What a kernel sees of a tensor: its storage handle and how to walk it. A `Tensor` satisfies this
 * interface structurally, so passing a tensor to a kernel allocates nothing.
 */
export interface View<D = unknown> {
  readonly storage: { readonly data: D };
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
  readonly dtype: DType;
}

/** Elementwise functions of one input. Parameterised ones take their scalars as `a` and `b`. */
export type UnaryOp =
  | 'copy' // identity, also used to cast between dtypes
  | 'neg' | 'abs' | 'sign' | 'exp' | 'log' | 'sqrt' | 'rsqrt' | 'square' | 'reciprocal'
  | 'tanh' | 'sigmoid' | 'relu'
  | 'leakyRelu' // a = negative slope
  | 'clamp' // a = min, b = max (either may be +-Infinity)
  | 'powScalar' // x ** a
  | 'scalarPow' // a ** x
  | 'addScalar' | 'mulScalar' // x + a, x * a
  | 'logicalNot';

/**
 * Elementwise functions of two inputs, already broadcast to the output shape (broadcast dims have
 * stride 0). The `*Grad` entries are fused backward kernels: `tanhGrad(g, y) = g * (1 - y^2)` and so on,
 * one pass instead of three small ops.
 */
export type BinaryOp =
  | 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum'
  | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge'
  | 'logicalAnd' | 'logicalOr'
  | 'tanhGrad' // (g, y) -> g * (1 - y * y)
  | 'sigmoidGrad' // (g, y) -> g * y * (1 - y)
  | 'reluGrad'; // (g, y) -> y > 0 ? g : 0

export type ReduceOp = 'sum' | 'prod' | 'max' | 'min' | 'argmax' | 'argmin';

/**
 * The geometry of a 2-D convolution, resolved by the op (`conv2d` in ops/conv.ts) before any kernel runs:
 * every field is explicit, so a kernel never re-derives defaults. Input x is [N, C, H, W], weight is
 * [O, C / groups, kH, kW], and the output is [N, O, OH, OW] with
 * `OH = floor((H + top + bottom - dilation[0] * (kH - 1) - 1) / stride[0]) + 1` (OW likewise); the op
 * guarantees OH, OW >= 1 and that C and O are divisible by `groups`. Taps that fall in the padding read zero.
 */
export interface Conv2dParams {
  /** [strideH, strideW], each >= 1. */
  readonly stride: readonly [number, number];
  /**
   * Zero padding [top, bottom, left, right], each >= 0. Symmetric except for `padding: 'same'` with an even
   * dilated kernel extent, where PyTorch pads one more row/column at the bottom/right.
   */
  readonly padding: readonly [number, number, number, number];
  /** [dilationH, dilationW], each >= 1. */
  readonly dilation: readonly [number, number];
  /** Channel groups: output channels [g*O/G, (g+1)*O/G) see input channels [g*C/G, (g+1)*C/G) only. */
  readonly groups: number;
}

/**
 * The geometry of a 2-D pooling window, resolved by the op (ops/pool.ts). Input x is [N, C, H, W]; output
 * is [N, C, OH, OW] with `outputSize = [OH, OW]` already computed by the op (PyTorch's
 * `pooling_output_shape`, `ceilMode` included; see ops/pool.ts). Output cell (oh, ow) covers input rows
 * `oh * stride[0] - padding[0] + i * dilation[0]` for i < kernelSize[0] (columns likewise); rows and
 * columns outside [0, H) x [0, W) are padding.
 */
export interface Pool2dParams {
  readonly kernelSize: readonly [number, number];
  readonly stride: readonly [number, number];
  /** Implicit padding on each side [padH, padW] (at most half the kernel); with ceil mode windows may also run past the far side. */
  readonly padding: readonly [number, number];
  /** Spacing between window taps [dilationH, dilationW]; always [1, 1] for average pooling. */
  readonly dilation: readonly [number, number];
  /** [OH, OW], computed by the op. */
  readonly outputSize: readonly [number, number];
}

/** Average pooling adds PyTorch's divisor rules to the window geometry (dilation is [1, 1]). */
export interface AvgPool2dParams extends Pool2dParams {
  /**
   * true: divide by the window's size clipped to the padded input `(min(h0 + kH, H + padH) - h0) * (...)`;
   * false: by the number of real (non-padding) input elements in the window.
   */
  readonly countIncludePad: boolean;
  /** When set, every window's sum is divided by this instead. */
  readonly divisorOverride: number | null;
}

/**
 * The primitive kernels every backend implements. Kernels read inputs through strides and always write a
 * fresh contiguous result (except `copyInto`), so the autograd layer above never cares where the data lives.
 * Results are returned as the backend's storage handle `D`.
 */
export interface Backend<D = unknown> {
  readonly name: string;
  /** A zero-filled buffer. */
  alloc(dtype: DType, size: number): D;
  /** Copies a typed array (already of `dtype`'s array type) into backend storage. */
  fromArray(dtype: DType, values: TypedArray): D;
  /** A contiguous typed array of the view's elements in row-major order (a copy unless the backend can share). */
  read(x: View<D>): TypedArray;
  /** Size in elements of a storage handle. */
  size(data: D): number;
  /** Frees storage now, where the backend holds memory outside the JS heap. */
  free?(data: D): void;
  /**
   * Optional: storage that takes ownership of `values` (already of `dtype`'s array type; the caller never
   * touches the array again), so a backend that can keep it as is avoids the copy `fromArray` makes.
   */
  adopt?(dtype: DType, values: TypedArray): D;
  /**
   * Optional: a typed array over `size` elements of the storage from element `offset`, that the caller may
   * read and write in place (`updateInPlace`, the optimizers' fused updates), or null where the backend cannot
   * share its memory. The backend first drops whatever it derived from the old values (packed matmul weights),
   * so later kernels see the writes. The array is valid only until the backend next allocates: the caller
   * writes through it at once.
   */
  writableValues?(data: D, dtype: DType, offset: number, size: number): TypedArray | null;

  unary(op: UnaryOp, x: View<D>, outDType: DType, a?: number, b?: number): D;
  binary(op: BinaryOp, a: View<D>, b: View<D>, outShape: readonly number[], outDType: DType): D;
  /** `cond ? a : b`, all three broadcast to `outShape`. */
  where(cond: View<D>, a: View<D>, b: View<D>, outShape: readonly number[], outDType: DType): D;
  /** Reduces over the sorted, distinct `dims`; the result has x's shape without those dims. */
  reduce(op: ReduceOp, x: View<D>, dims: readonly number[], outDType: DType): D;
  /**
   * Batched matrix product: a is [...batch, M, K], b is [...batch, K, N] with identical batch shapes
   * (broadcast batch dims have stride 0); the result is contiguous [...batch, M, N].
   */
  matmul(a: View<D>, b: View<D>): D;
  /** Writes `src` (broadcast to dst's shape) into the strided view `dst`, converting dtype. */
  copyInto(dst: View<D>, src: View<D>): void;
  /** out = x.indexSelect(dim, index): out.shape = x.shape with dim replaced by index.numel(). */
  indexSelect(x: View<D>, dim: number, index: View<D>): D;
  /** The adjoint of indexSelect: zeros of `shape`, then out.select(dim, index[i]) += src.select(dim, i). */
  indexAdd(shape: readonly number[], dim: number, index: View<D>, src: View<D>): D;
  /** torch.gather: out[i][j] = x[i][index[i][j]] (for dim 1), shape of index. */
  gather(x: View<D>, dim: number, index: View<D>): D;
  /** The adjoint of gather: zeros of `shape`, then out[i][index[i][j]] += src[i][j] (for dim 1). */
  scatterAdd(shape: readonly number[], dim: number, index: View<D>, src: View<D>): D;

  // ---- convolution and pooling (NCHW; x may be any strided view; results are contiguous) ----------------

  /**
   * torch's conv2d: out[n, o, oh, ow] = bias[o] + sum over c in o's group, kh, kw of
   * x[n, c, oh*sH - top + kh*dH, ow*sW - left + kw*dW] * weight[o, c - group start, kh, kw].
   * x [N, C, H, W], weight [O, C/groups, kH, kW], bias [O] or null; all of one float dtype.
   * Returns [N, O, OH, OW] (see `Conv2dParams` for OH, OW).
   */
  conv2d(x: View<D>, weight: View<D>, bias: View<D> | null, params: Conv2dParams): D;
  /**
   * The gradient of conv2d with respect to x: grad [N, O, OH, OW], weight [O, C/groups, kH, kW] give
   * dx of `inputShape` [N, C, H, W] (a transposed convolution; input rows/columns that no window reaches
   * get zero).
   */
  conv2dBackwardInput(grad: View<D>, weight: View<D>, inputShape: readonly number[], params: Conv2dParams): D;
  /**
   * The gradient of conv2d with respect to the weight: grad [N, O, OH, OW] and x [N, C, H, W] give dweight of
   * `weightShape` [O, C/groups, kH, kW], summed over the batch. (The bias gradient is grad summed over
   * [0, 2, 3], done with `reduce`.)
   */
  conv2dBackwardWeight(grad: View<D>, x: View<D>, weightShape: readonly number[], params: Conv2dParams): D;
  /**
   * torch's max_pool2d_with_indices: the maximum of each window over its in-bounds taps (padding never wins),
   * and where it was as an int32 flat index `h * W + w` into its own [H, W] plane (PyTorch's convention).
   * Ties go to the first tap in row-major window order, a NaN tap wins (and a later NaN replaces it), and a
   * window of -Infinity reports its first in-bounds tap: exactly PyTorch's CPU kernel. Both results are
   * contiguous [N, C, OH, OW]; values in x's dtype, indices int32.
   */
  maxPool2d(x: View<D>, params: Pool2dParams): { values: D; indices: D };
  /**
   * The gradient of maxPool2d: zeros of `inputShape` [N, C, H, W], then dx[n, c, indices[n, c, oh, ow]] +=
   * grad[n, c, oh, ow] (overlapping windows that pick the same element accumulate). grad and indices are
   * [N, C, OH, OW].
   */
  maxPool2dBackward(grad: View<D>, indices: View<D>, inputShape: readonly number[]): D;
  /** torch's avg_pool2d: each window's sum over its in-bounds taps, divided per `AvgPool2dParams`. Returns [N, C, OH, OW]. */
  avgPool2d(x: View<D>, params: AvgPool2dParams): D;
  /** The gradient of avgPool2d: each grad[n, c, oh, ow] / divisor is added to every in-bounds tap of its window. */
  avgPool2dBackward(grad: View<D>, inputShape: readonly number[], params: AvgPool2dParams): D;
}
