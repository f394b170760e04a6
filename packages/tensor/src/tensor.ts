import type { Node } from './autograd/node';
import { runBackward } from './autograd/engine';
import { isFloat, type DType, type TypedArray } from './dtype';
import { fmtShape, isContiguous, normalizeDim, numelOf, shapesEqual } from './shape';
import type { Storage } from './storage';
import * as ew from './ops/elementwise';
import * as red from './ops/reduce';
import * as sh from './ops/shape';
import * as ix from './ops/indexing';
import * as ip from './ops/inplace';
import { matmul } from './ops/matmul';
import { conv2d, type Conv2dOptions } from './ops/conv';
import * as pool from './ops/pool';
import type { Size2 } from './ops/window-args';
import { formatTensor } from './format';
import { onesLike } from './creation';
import type { Operand } from './ops/elementwise';
import type { Dims, ReduceOptions, VarOptions } from './ops/reduce';

export type NestedList = number | boolean | NestedList[];

export interface BackwardOptions {
  /** Keep the graph's saved tensors so backward can run through it again. */
  retainGraph?: boolean;
}

export type GradHook = (grad: Tensor) => Tensor | void;

/** Storages already handed out as some tensor's `.grad` (or given by a caller): never adopted twice. */
const claimedGradStorage = new WeakSet<Storage>();

/**
 * An n-dimensional array with reverse-mode autograd, in PyTorch's semantics. A tensor is a view of a
 * `Storage` (shape, strides, offset), so transposes, slices and reshapes of contiguous data share memory.
 */
export class Tensor {
  /** The accumulated gradient of a leaf after `backward()` (or of a non-leaf after `retainGrad()`). */
  grad: Tensor | null = null;
  private _node: Node | null = null;
  private _requiresGrad = false;
  /** @internal */ _retainsGrad = false;
  private _hooks: GradHook[] | null = null;

  constructor(
    readonly storage: Storage,
    readonly shape: readonly number[],
    readonly strides: readonly number[],
    readonly offset: number,
    readonly dtype: DType,
  ) {}

  // ---- metadata ------------------------------------------------------------------------------------------

  get ndim(): number {
    return this.shape.length;
  }

  dim(): number {
    return this.shape.length;
  }

  numel(): number {
    return numelOf(this.shape);
  }

  /** `size()` is the shape; `size(d)` one dim (negative d counts from the end). */
  size(): readonly number[];
  size(dim: number): number;
  size(dim?: number): number | readonly number[] {
    if (dim === undefined) return this.shape;
    return this.shape[normalizeDim(dim, this.shape.length, 'size')];
  }

  /** The name of the backend this tensor's storage lives on. */
  get backend(): string {
    return this.storage.backend.name;
  }

  isContiguous(): boolean {
    return isContiguous(this.shape, this.strides);
  }

  /**
   * Frees this tensor's backend memory now (WASM heap storage, say); views sharing the storage are freed
   * with it. On the js backend it only marks the storage. See `tidy` for scoped freeing.
   */
  dispose(): void {
    this.storage.dispose();
  }

  /** True once the storage was freed by `dispose()` or a `tidy` scope. */
  get isDisposed(): boolean {
    return this.storage.disposed;
  }

  // ---- autograd ------------------------------------------------------------------------------------------

  get requiresGrad(): boolean {
    return this._requiresGrad;
  }

  set requiresGrad(value: boolean) {
    if (this._node !== null && !value) {
      throw new Error('requiresGrad: you can only change the requiresGrad flag of leaf tensors; use detach() to get a tensor that does not require grad');
    }
    if (value && !isFloat(this.dtype)) {
      throw new TypeError(`requiresGrad: only tensors of floating point dtype can require gradients, got ${this.dtype}`);
    }
    this._requiresGrad = value;
  }

  /** The autograd node that produced this tensor (PyTorch's `grad_fn`), or null for a leaf. */
  get gradFn(): Node | null {
    return this._node;
  }

  get isLeaf(): boolean {
    return this._node === null;
  }

  /** @internal */
  _setNode(node: Node): void {
    this._node = node;
    this._requiresGrad = true;
  }

  /** Keep `.grad` on this non-leaf tensor after backward (`retain_grad()`). */
  retainGrad(): this {
    if (!this._requiresGrad) throw new Error("retainGrad: can't retain the gradient of a tensor that does not require grad");
    if (this._node !== null) this._retainsGrad = true;
    return this;
  }

  /**
   * Registers a function called with this tensor's gradient during backward; it may return a replacement.
   * Returns a handle whose `remove()` unregisters it.
   */
  registerHook(hook: GradHook): { remove(): void } {
    if (!this._requiresGrad) throw new Error("registerHook: can't register a hook on a tensor that does not require grad");
    (this._hooks ??= []).push(hook);
    return { remove: () => void (this._hooks = this._hooks?.filter((h) => h !== hook) ?? null) };
  }

  /**
   * @internal Marks this gradient's storage as held elsewhere, so no leaf adopts it as its `.grad`: the engine
   * calls it when a backward hands one storage to several inputs (add, expand), and hooks when they are given
   * a gradient they may keep.
   */
  _markGradShared(): void {
    claimedGradStorage.add(this.storage);
  }

  /** @internal */
  _runHooks(grad: Tensor): Tensor {
    if (this._hooks === null) return grad;
    let g = grad;
    for (const h of this._hooks) {
      claimedGradStorage.add(g.storage); // a hook may keep what it is given: no leaf may adopt it as its .grad
      g = h(g) ?? g;
    }
    claimedGradStorage.add(g.storage);
    return g;
  }

  /**
   * @internal Adds into `.grad` so that no two tensors ever share a gradient's storage: the first gradient is
   * adopted as is when it is a dense tensor owning its whole storage that no other `.grad` (nor the caller of
   * `backward(gradient)`) holds, and copied otherwise.
   */
  _accumulateGrad(g: Tensor): void {
    const gg = g.dtype === this.dtype ? g : g.to(this.dtype);
    if (this.grad !== null) {
      this.grad = this.grad.add(gg);
      return;
    }
    const s = gg.storage;
    const adoptable = this._hooks === null && gg.offset === 0 && !claimedGradStorage.has(s) && s.size === gg.numel() && gg.isContiguous();
    if (adoptable) {
      claimedGradStorage.add(s);
      this.grad = gg.gradFn === null && !gg.requiresGrad ? gg : gg.detach();
    } else {
      this.grad = gg.clone();
    }
  }

  /**
   * Computes gradients of this tensor with respect to the graph's leaves. Without an argument the tensor
   * must hold a single element (a loss); otherwise pass d(something)/d(this) of this tensor's shape.
   */
  backward(gradient?: Tensor, opts: BackwardOptions = {}): void {
    if (!this._requiresGrad) {
      throw new Error('backward: this tensor does not require grad and has no gradFn; did you forget requiresGrad: true on an input, or call it inside noGrad?');
    }
    let g: Tensor;
    if (gradient === undefined) {
      if (this.numel() !== 1) {
        throw new RangeError(`backward: grad can be implicitly created only for scalar outputs, got a tensor of shape ${fmtShape(this.shape)}; pass a gradient of the same shape`);
      }
      g = onesLike(this);
    } else {
      if (!(gradient instanceof Tensor)) throw new TypeError('backward: gradient must be a Tensor');
      if (!shapesEqual(gradient.shape, this.shape)) {
        throw new RangeError(`backward: gradient has shape ${fmtShape(gradient.shape)} but the tensor has shape ${fmtShape(this.shape)}`);
      }
      g = gradient.detach().to(this.dtype);
      claimedGradStorage.add(g.storage); // the caller keeps it: a leaf's .grad must not alias it
    }
    runBackward(this, g, opts.retainGraph ?? false);
  }

  /** A tensor sharing this storage that is cut from the graph (never requires grad). */
  detach(): Tensor {
    return new Tensor(this.storage, this.shape, this.strides, this.offset, this.dtype);
  }

  /** PyTorch's `.data`: the same storage without autograd, so `p.data.add_(...)` needs no `noGrad`. */
  get data(): Tensor {
    return this.detach();
  }

  /** A contiguous copy (differentiable). */
  clone(): Tensor {
    return sh.clone(this);
  }

  // ---- reading values ------------------------------------------------------------------------------------

  /** The elements as a contiguous typed array, in row-major order (a copy). */
  toTypedArray(): TypedArray {
    return this.storage.backend.read(this);
  }

  /** The value of a one-element tensor as a JS number (bool gives 0 or 1). */
  item(): number {
    if (this.numel() !== 1) {
      throw new RangeError(`item: a Tensor with ${this.numel()} elements cannot be converted to a number (shape ${fmtShape(this.shape)})`);
    }
    return this.toTypedArray()[0];
  }

  /** Nested JS arrays of numbers (booleans for bool tensors), like `tensor.tolist()`. */
  tolist(): NestedList {
    const flat = this.toTypedArray();
    const isBool = this.dtype === 'bool';
    const shape = this.shape;
    const build = (d: number, at: number): NestedList => {
      if (d === shape.length) return isBool ? flat[at] !== 0 : flat[at];
      const stride = numelOf(shape.slice(d + 1));
      const out: NestedList[] = [];
      for (let i = 0; i < shape[d]; i++) out.push(build(d + 1, at + i * stride));
      return out;
    };
    return build(0, 0);
  }

  /** PyTorch-style printing: `tensor([[ 1.5674, -0.2373]], requires_grad=True)`. */
  toString(): string {
    return formatTensor(this);
  }

  // ---- dtype ---------------------------------------------------------------------------------------------

  to(dtype: DType): Tensor {
    return ew.cast(this, dtype);
  }
  float(): Tensor { return this.to('float32'); }
  double(): Tensor { return this.to('float64'); }
  int(): Tensor { return this.to('int32'); }
  bool(): Tensor { return this.to('bool'); }

  // ---- elementwise ---------------------------------------------------------------------------------------

  add(other: Operand): Tensor { return ew.add(this, other); }
  sub(other: Operand): Tensor { return ew.sub(this, other); }
  mul(other: Operand): Tensor { return ew.mul(this, other); }
  div(other: Operand): Tensor { return ew.div(this, other); }
  pow(exponent: Operand): Tensor { return ew.pow(this, exponent); }
  neg(): Tensor { return ew.neg(this); }
  exp(): Tensor { return ew.exp(this); }
  log(): Tensor { return ew.log(this); }
  sqrt(): Tensor { return ew.sqrt(this); }
  abs(): Tensor { return ew.abs(this); }
  sign(): Tensor { return ew.sign(this); }
  square(): Tensor { return ew.mul(this, this); }
  tanh(): Tensor { return ew.tanh(this); }
  sigmoid(): Tensor { return ew.sigmoid(this); }
  relu(): Tensor { return ew.relu(this); }
  leakyRelu(negativeSlope = 0.01): Tensor { return ew.leakyRelu(this, negativeSlope); }
  clamp(min?: number | null, max?: number | null): Tensor { return ew.clamp(this, min, max); }
  maximum(other: Operand): Tensor { return ew.maximum(this, other); }
  minimum(other: Operand): Tensor { return ew.minimum(this, other); }

  eq(other: Operand): Tensor { return ew.compare('eq', this, other); }
  ne(other: Operand): Tensor { return ew.compare('ne', this, other); }
  lt(other: Operand): Tensor { return ew.compare('lt', this, other); }
  le(other: Operand): Tensor { return ew.compare('le', this, other); }
  gt(other: Operand): Tensor { return ew.compare('gt', this, other); }
  ge(other: Operand): Tensor { return ew.compare('ge', this, other); }
  logicalAnd(other: Tensor): Tensor { return ew.logicalAnd(this, other); }
  logicalOr(other: Tensor): Tensor { return ew.logicalOr(this, other); }
  logicalNot(): Tensor { return ew.logicalNot(this); }
  /** `x.where(cond, y)` is `cond ? x : y`, as in PyTorch. */
  where(condition: Tensor, other: Operand): Tensor { return ew.where(condition, this, other); }

  // ---- reductions ----------------------------------------------------------------------------------------

  sum(dim?: Dims, opts?: ReduceOptions): Tensor { return red.sum(this, dim, opts); }
  mean(dim?: Dims, opts?: ReduceOptions): Tensor { return red.mean(this, dim, opts); }
  /** Variance, unbiased by default (`{ correction: 0 }` for the biased estimate). */
  var(dim?: Dims, opts?: VarOptions): Tensor { return red.variance(this, dim, opts); }
  /** Standard deviation, unbiased by default (`{ correction: 0 }` for the biased estimate). */
  std(dim?: Dims, opts?: VarOptions): Tensor { return red.std(this, dim, opts); }
  /** Maximum over dims (all by default): torch.amax; use `argmax` for indices. */
  max(dim?: Dims, opts?: ReduceOptions): Tensor { return red.amax(this, dim, opts); }
  min(dim?: Dims, opts?: ReduceOptions): Tensor { return red.amin(this, dim, opts); }
  amax(dim?: Dims, opts?: ReduceOptions): Tensor { return red.amax(this, dim, opts); }
  amin(dim?: Dims, opts?: ReduceOptions): Tensor { return red.amin(this, dim, opts); }
  argmax(dim?: number, opts?: ReduceOptions): Tensor { return red.argmax(this, dim, opts); }
  argmin(dim?: number, opts?: ReduceOptions): Tensor { return red.argmin(this, dim, opts); }
  logsumexp(dim: Dims, opts?: ReduceOptions): Tensor { return red.logsumexp(this, dim, opts); }
  softmax(dim: number): Tensor { return red.softmax(this, dim); }
  logSoftmax(dim: number): Tensor { return red.logSoftmax(this, dim); }

  // ---- linear algebra ------------------------------------------------------------------------------------

  matmul(other: Tensor): Tensor { return matmul(this, other); }

  // ---- convolution and pooling (NCHW) ---------------------------------------------------------------------

  /** `F.conv2d(this, weight, bias, ...)`: this is [N, C, H, W] (or [C, H, W]), weight [O, C / groups, kH, kW]. */
  conv2d(weight: Tensor, bias?: Tensor | null, opts?: Conv2dOptions): Tensor { return conv2d(this, weight, bias ?? null, opts); }
  /** `F.max_pool2d(this, kernelSize, ...)`. */
  maxPool2d(kernelSize: Size2, opts?: pool.MaxPool2dOptions): Tensor { return pool.maxPool2d(this, kernelSize, opts); }
  /** `F.avg_pool2d(this, kernelSize, ...)`. */
  avgPool2d(kernelSize: Size2, opts?: pool.AvgPool2dOptions): Tensor { return pool.avgPool2d(this, kernelSize, opts); }
  /** `F.adaptive_avg_pool2d(this, outputSize)`. */
  adaptiveAvgPool2d(outputSize: number | readonly [number | null, number | null]): Tensor { return pool.adaptiveAvgPool2d(this, outputSize); }

  // ---- shape ---------------------------------------------------------------------------------------------

  view(...shape: number[] | [readonly number[]]): Tensor { return sh.view(this, shapeArg(shape)); }
  reshape(...shape: number[] | [readonly number[]]): Tensor { return sh.reshape(this, shapeArg(shape)); }
  flatten(startDim = 0, endDim = -1): Tensor { return sh.flatten(this, startDim, endDim); }
  transpose(dim0: number, dim1: number): Tensor { return sh.transpose(this, dim0, dim1); }
  permute(...dims: number[] | [readonly number[]]): Tensor { return sh.permute(this, shapeArg(dims)); }
  /** Transpose of a matrix (at most 2-D), like `x.t()`. */
  t(): Tensor {
    if (this.ndim > 2) throw new RangeError(`t: expects a tensor with <= 2 dimensions, but got ${this.ndim}D (use transpose or mT)`);
    return this.ndim < 2 ? this : sh.transpose(this, 0, 1);
  }
  /** The last two dims swapped (batched transpose), like `x.mT`. */
  get mT(): Tensor {
    if (this.ndim < 2) throw new RangeError(`mT: tensor of shape ${fmtShape(this.shape)} has fewer than 2 dimensions`);
    return sh.transpose(this, -2, -1);
  }
  squeeze(dim?: number | readonly number[]): Tensor { return sh.squeeze(this, dim); }
  unsqueeze(dim: number): Tensor { return sh.unsqueeze(this, dim); }
  expand(...shape: number[] | [readonly number[]]): Tensor { return sh.expand(this, shapeArg(shape)); }
  expandAs(other: Tensor): Tensor { return sh.expand(this, other.shape); }
  narrow(dim: number, start: number, length: number): Tensor { return sh.narrow(this, dim, start, length); }
  contiguous(): Tensor { return sh.contiguous(this); }

  // ---- indexing ------------------------------------------------------------------------------------------

  /** `x.index(idx)` is PyTorch's `x[idx]` with an int32 index tensor: rows of dim 0. */
  index(indices: Tensor): Tensor { return ix.index(this, indices); }
  gather(dim: number, indices: Tensor): Tensor { return ix.gather(this, dim, indices); }

  // ---- in place ------------------------------------------------------------------------------------------

  add_(other: Operand, opts: { alpha?: number } = {}): this { ip.addInPlace(this, other, opts.alpha ?? 1); return this; }
  sub_(other: Operand): this { ip.subInPlace(this, other); return this; }
  mul_(other: Operand): this { ip.mulInPlace(this, other); return this; }
  div_(other: Operand): this { ip.divInPlace(this, other); return this; }
  zero_(): this { ip.zeroInPlace(this); return this; }
  fill_(value: number | boolean): this { ip.fillInPlace(this, value); return this; }
  copy_(src: Tensor): this { ip.copyInPlace(this, src); return this; }
}

function shapeArg(args: number[] | [readonly number[]]): readonly number[] {
  return args.length === 1 && Array.isArray(args[0]) ? (args[0] as readonly number[]) : (args as number[]);
}

// `console.log(t)` and the REPL print a tensor the way `print(t)` does in PyTorch.
Object.defineProperty(Tensor.prototype, Symbol.for('nodejs.util.inspect.custom'), {
  value(this: Tensor): string {
    return this.toString();
  },
});
