/**
 * Plumbing shared by every op: making result tensors, recording them in the autograd graph, turning JS
 * numbers into tensors, and broadcasting views.
 */
import { Node, type BackwardFn } from '../autograd/node';
import { isGradEnabled } from '../autograd/grad-mode';
import type { Backend } from '../backend/backend';
import { getBackend } from '../backend/registry';
import { allocArray, type DType } from '../dtype';
import { broadcastShapes, contiguousStrides, fmtShape, shapesEqual } from '../shape';
import { Storage } from '../storage';
import { Tensor } from '../tensor';

/** Wraps freshly computed contiguous backend data as a tensor. */
export function wrap(backend: Backend, data: unknown, shape: readonly number[], dtype: DType): Tensor {
  return new Tensor(new Storage(backend, data, dtype, backend.size(data)), shape.slice(), contiguousStrides(shape), 0, dtype);
}

/** A view sharing `t`'s storage (no copy). */
export function viewOf(t: Tensor, shape: readonly number[], strides: readonly number[], offset = t.offset): Tensor {
  return new Tensor(t.storage, shape.slice(), strides.slice(), offset, t.dtype);
}

/**
 * Attaches an autograd node to `out` when grad mode is on and some input requires grad. `saved` lists
 * tensors whose values the backward closure reads, so in-place changes to them are caught.
 */
export function record(out: Tensor, name: string, inputs: readonly Tensor[], backward: BackwardFn, saved: readonly Tensor[] = []): Tensor {
  if (!isGradEnabled()) return out;
  let any = false;
  for (const t of inputs) if (t.requiresGrad) any = true;
  if (!any) return out;
  out._setNode(new Node(name, inputs, backward, saved));
  return out;
}

export function needsGrad(...inputs: Tensor[]): boolean {
  if (!isGradEnabled()) return false;
  for (const t of inputs) if (t.requiresGrad) return true;
  return false;
}

/** A 0-d tensor holding `value`, on the backend and with the dtype given. */
export function scalarTensor(value: number, dtype: DType, backend: Backend = getBackend()): Tensor {
  const a = allocArray(dtype, 1);
  a[0] = dtype === 'bool' ? (value ? 1 : 0) : value;
  return wrap(backend, backend.fromArray(dtype, a), [], dtype);
}

/** A view of `t` broadcast to `shape` (stride 0 on the new or size-1 dims). */
export function broadcastView(t: Tensor, shape: readonly number[]): Tensor {
  if (shapesEqual(t.shape, shape)) return t;
  const lead = shape.length - t.shape.length;
  const strides = new Array<number>(shape.length);
  for (let d = 0; d < shape.length; d++) {
    const sd = d - lead;
    strides[d] = sd < 0 || t.shape[sd] === 1 ? 0 : t.strides[sd];
  }
  return viewOf(t, shape, strides);
}

/**
 * Sums a gradient down to `shape`, undoing broadcasting: the adjoint of `broadcastView`. Leading dims are
 * summed away and dims that were 1 are summed with keepdim.
 */
export function sumTo(g: Tensor, shape: readonly number[]): Tensor {
  if (shapesEqual(g.shape, shape)) return g;
  const lead = g.shape.length - shape.length;
  const dims: number[] = [];
  for (let d = 0; d < g.shape.length; d++) {
    if (d < lead || (shape[d - lead] === 1 && g.shape[d] !== 1)) dims.push(d);
  }
  let r = dims.length ? g.sum(dims, { keepdim: true }) : g;
  if (lead > 0 || !shapesEqual(r.shape, shape)) r = r.reshape(shape);
  return r;
}

export function sameBackend(op: string, ...ts: Tensor[]): Backend {
  const b = ts[0].storage.backend;
  for (const t of ts) {
    if (t.storage.backend !== b) {
      throw new TypeError(`${op}: tensors are on different backends (${b.name} and ${t.storage.backend.name}); move one with .toBackend()`);
    }
  }
  return b;
}

export function checkFloat(op: string, t: Tensor, what = 'input'): void {
  if (t.dtype !== 'float32' && t.dtype !== 'float64') {
    throw new TypeError(`${op}: expected a floating point ${what} (float32 or float64), got ${t.dtype} tensor of shape ${fmtShape(t.shape)}`);
  }
}

export { broadcastShapes };
