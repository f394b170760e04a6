/** Reductions over one, several or all dims, with PyTorch's `keepdim`; backward next to forward. */
import type { ReduceOp } from '../backend/backend';
import { isFloat, type DType } from '../dtype';
import { fmtShape, normalizeDim, normalizeDims, numelOf } from '../shape';
import { noGrad } from '../autograd/grad-mode';
import { Tensor } from '../tensor';
import { checkFloat, record, wrap } from './core';
import { where } from './elementwise';

export type Dims = number | readonly number[];

export interface ReduceOptions {
  keepdim?: boolean;
}

export interface VarOptions extends ReduceOptions {
  /** Bessel's correction: 1 (default, unbiased, as in PyTorch) or 0 for the biased estimate. */
  correction?: number;
  /** Shorthand for correction 1 (true) or 0 (false), as torch's `unbiased=`. */
  unbiased?: boolean;
}

/** The output shape with reduced dims kept as 1. */
function keptShape(shape: readonly number[], dims: readonly number[]): number[] {
  return shape.map((s, d) => (dims.includes(d) ? 1 : s));
}

function reducedShape(shape: readonly number[], dims: readonly number[], keepdim: boolean): number[] {
  return keepdim ? keptShape(shape, dims) : shape.filter((_, d) => !dims.includes(d));
}

function reduceForward(op: ReduceOp, x: Tensor, dims: number[], keepdim: boolean, outDType: DType): Tensor {
  const backend = x.storage.backend;
  return wrap(backend, backend.reduce(op, x, dims, outDType), reducedShape(x.shape, dims, keepdim), outDType);
}

/** Re-inserts reduced dims into a gradient and broadcasts it back to the input's shape. */
function expandBack(g: Tensor, inputShape: readonly number[], dims: readonly number[], keepdim: boolean): Tensor {
  const k = keepdim ? g : g.reshape(keptShape(inputShape, dims));
  return k.expand(inputShape);
}

export function sum(x: Tensor, dim?: Dims, opts: ReduceOptions = {}): Tensor {
  const dims = normalizeDims(dim, x.shape.length, 'sum');
  const keepdim = opts.keepdim ?? false;
  // Like PyTorch, summing bools or int32 gives an integer (int32 here, int64 there).
  const outDType = x.dtype === 'bool' ? 'int32' : x.dtype;
  const out = reduceForward('sum', x, dims, keepdim, outDType);
  return record(out, 'SumBackward', [x], (g) => [expandBack(g, x.shape, dims, keepdim)]);
}

export function mean(x: Tensor, dim?: Dims, opts: ReduceOptions = {}): Tensor {
  if (!isFloat(x.dtype)) {
    throw new TypeError(`mean: could not infer output dtype; input dtype must be float32 or float64, got ${x.dtype}`);
  }
  const dims = normalizeDims(dim, x.shape.length, 'mean');
  const n = dims.reduce((p, d) => p * x.shape[d], 1);
  return sum(x, dims, opts).div(n);
}

/**
 * Variance with Bessel's correction: sum((x - mean)^2) / (N - correction). Unbiased (correction 1) by
 * default, as `torch.var`; `{ correction: 0 }` is the biased estimate batch norm normalizes with.
 */
export function variance(x: Tensor, dim?: Dims, opts: VarOptions = {}): Tensor {
  checkFloat('var', x);
  const dims = normalizeDims(dim, x.shape.length, 'var');
  const correction = opts.correction ?? (opts.unbiased === false ? 0 : 1);
  if (typeof correction !== 'number' || !Number.isFinite(correction) || correction < 0) {
    throw new RangeError(`var: correction must be a non-negative number, got ${String(correction)}`);
  }
  const n = dims.reduce((p, d) => p * x.shape[d], 1);
  const centered = x.sub(x.mean(dims, { keepdim: true }));
  return centered.mul(centered).sum(dims, { keepdim: opts.keepdim }).div(Math.max(n - correction, 0));
}

export function std(x: Tensor, dim?: Dims, opts: VarOptions = {}): Tensor {
  return variance(x, dim, opts).sqrt();
}

/**
 * max/min over dims (torch.amax/amin; over all elements like torch.max(x)). The gradient is shared evenly
 * among tied maxima, as PyTorch does for these reductions.
 */
export function amax(x: Tensor, dim?: Dims, opts: ReduceOptions = {}): Tensor {
  return extreme('max', x, dim, opts);
}

export function amin(x: Tensor, dim?: Dims, opts: ReduceOptions = {}): Tensor {
  return extreme('min', x, dim, opts);
}

function extreme(op: 'max' | 'min', x: Tensor, dim: Dims | undefined, opts: ReduceOptions): Tensor {
  const dims = normalizeDims(dim, x.shape.length, op);
  for (const d of dims) {
    if (x.shape[d] === 0) {
      throw new RangeError(`${op}: cannot reduce over a zero-size dimension (dim ${d} of shape ${fmtShape(x.shape)}); there is no identity`);
    }
  }
  if (numelOf(x.shape) === 0 && dims.length === x.shape.length) {
    throw new RangeError(`${op}: cannot reduce an empty tensor of shape ${fmtShape(x.shape)}`);
  }
  const keepdim = opts.keepdim ?? false;
  const out = reduceForward(op, x, dims, keepdim, x.dtype);
  return record(out, op === 'max' ? 'AmaxBackward' : 'AminBackward', [x], (g) => {
    const o = keepdim ? out : out.reshape(keptShape(x.shape, dims));
    const mask = x.eq(o).to(g.dtype);
    const count = mask.sum(dims, { keepdim: true });
    return [mask.div(count).mul(expandBack(g, x.shape, dims, keepdim))];
  }, [x, out]);
}

/** Index of the first maximum along `dim`, or in the flattened tensor when `dim` is omitted (int32). */
export function argmax(x: Tensor, dim?: number, opts: ReduceOptions = {}): Tensor {
  return argExtreme('argmax', x, dim, opts);
}

export function argmin(x: Tensor, dim?: number, opts: ReduceOptions = {}): Tensor {
  return argExtreme('argmin', x, dim, opts);
}

function argExtreme(op: 'argmax' | 'argmin', x: Tensor, dim: number | undefined, opts: ReduceOptions): Tensor {
  if (dim === undefined) {
    if (numelOf(x.shape) === 0) throw new RangeError(`${op}: expected a non-empty tensor, got shape ${fmtShape(x.shape)}`);
    const flat = x.reshape([-1]);
    const out = reduceForward(op, flat, [0], false, 'int32');
    return opts.keepdim ? out.reshape(x.shape.map(() => 1)) : out;
  }
  const d = normalizeDim(dim, x.shape.length, op);
  if (x.shape.length > 0 && x.shape[d] === 0) {
    throw new RangeError(`${op}: cannot reduce over a zero-size dimension (dim ${d} of shape ${fmtShape(x.shape)})`);
  }
  return reduceForward(op, x, x.shape.length ? [d] : [], opts.keepdim ?? false, 'int32');
}

/** log(sum(exp(x))) computed stably by factoring out the maximum. */
export function logsumexp(x: Tensor, dim: Dims, opts: ReduceOptions = {}): Tensor {
  checkFloat('logsumexp', x);
  const dims = normalizeDims(dim, x.shape.length, 'logsumexp');
  const keepdim = opts.keepdim ?? false;
  // The shift is a constant for autograd; an infinite maximum (all -inf) is replaced by 0 as in PyTorch.
  const m = noGrad(() => {
    const mx = x.amax(dims, { keepdim: true });
    return where(mx.abs().eq(Infinity), 0, mx);
  });
  const s = x.sub(m).exp().sum(dims, { keepdim: true }).log().add(m);
  return keepdim ? s : s.reshape(reducedShape(x.shape, dims, false));
}

/** softmax along `dim`: exp(x - max) / sum(exp(x - max)); backward y * (g - sum(g * y)). */
export function softmax(x: Tensor, dim: number): Tensor {
  checkFloat('softmax', x);
  const d = normalizeDim(dim, x.shape.length, 'softmax');
  const out = noGrad(() => {
    const e = x.sub(x.amax(d, { keepdim: true })).exp();
    return e.div(e.sum(d, { keepdim: true }));
  });
  return record(out, 'SoftmaxBackward', [x], (g) => [out.mul(g.sub(g.mul(out).sum(d, { keepdim: true })))], [out]);
}

/** log_softmax along `dim`: x - logsumexp(x); backward g - exp(y) * sum(g). */
export function logSoftmax(x: Tensor, dim: number): Tensor {
  checkFloat('logSoftmax', x);
  const d = normalizeDim(dim, x.shape.length, 'logSoftmax');
  const out = noGrad(() => x.sub(logsumexp(x, d, { keepdim: true })));
  return record(out, 'LogSoftmaxBackward', [x], (g) => [g.sub(out.exp().mul(g.sum(d, { keepdim: true })))], [out]);
}
