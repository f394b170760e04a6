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
}
