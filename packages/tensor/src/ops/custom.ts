/**
 * The extension point for fused kernels outside the core (the norm layers' one-pass forward and backward,
 * say), in the spirit of `torch.autograd.Function`: compute the output however you like, then attach the
 * backward with `customOp`. `readValues` and `adoptArray` move data between tensors and typed arrays
 * without copies where the backend allows it.
 */
import type { BackwardFn } from '../autograd/node';
import { numelOf } from '../shape';
import { allocArray, dtypeOfArray, type DType, type TypedArray } from '../dtype';
import { Tensor } from '../tensor';
import { getBackend } from '../backend/registry';
import { record, wrap } from './core';

/**
 * Records `output` as the result of an op on `inputs` whose gradients `backward` computes (one entry per
 * input, null where none). `saved` are tensors the backward reads, checked for in-place changes.
 */
export function customOp(name: string, inputs: readonly Tensor[], output: Tensor, backward: BackwardFn, saved: readonly Tensor[] = []): Tensor {
  return record(output, name, inputs, backward, saved);
}

/**
 * The values of `t` in row-major order. On the `js` backend a contiguous tensor's own array is returned
 * (a subarray view, no copy): treat it as read-only. Otherwise a contiguous copy is made.
 */
export function readValues(t: Tensor): TypedArray {
  const data = t.storage.data;
  if (t.isContiguous() && ArrayBuffer.isView(data) && dtypeOfArray(data) === t.dtype) {
    const arr = data as TypedArray;
    const n = numelOf(t.shape);
    return t.offset === 0 && arr.length === n ? arr : (arr.subarray(t.offset, t.offset + n) as TypedArray);
  }
  return t.storage.backend.read(t);
}

/**
 * A tensor that takes ownership of `values` (no copy on the `js` backend; the caller must not reuse the
 * array). The dtype is the array's own.
 */
export function adoptArray(values: TypedArray, shape: readonly number[], dtype?: DType): Tensor {
  const own = dtypeOfArray(values);
  const dt = dtype ?? own;
  if (dt === undefined || own !== dt) throw new TypeError(`adoptArray: a ${values.constructor.name} cannot back a ${String(dtype)} tensor`);
  if (values.length !== numelOf(shape)) {
    throw new RangeError(`adoptArray: shape [${shape.join(', ')}] needs ${numelOf(shape)} values, the array has ${values.length}`);
  }
  const backend = getBackend();
  const data = backend.name === 'js' ? values : backend.adopt !== undefined ? backend.adopt(dt, values) : backend.fromArray(dt, values);
  return wrap(backend, data, shape, dt);
}

/** A zero-filled typed array of the dtype's kind, for kernels that build outputs. */
export function allocValues(dtype: DType, size: number): TypedArray {
  return allocArray(dtype, size);
}

/**
 * Runs `fn` on the values of `t` (row-major) and stores what it wrote back into `t`, bumping the storage
 * version like any in-place op. A contiguous tensor is updated in place with no copy on the `js` backend
 * and on backends that share their memory (`Backend.writableValues`: the WASM heap, where `fn` must not
 * create tensors); elsewhere the values are read, updated and written back. This is how optimizers apply a fused
 * update to a parameter in one pass. Refused on tensors that are part of a graph, as in-place ops are.
 */
export function updateInPlace(t: Tensor, fn: (values: TypedArray) => void): Tensor {
  if (t.requiresGrad && !t.isLeaf) {
    throw new Error('updateInPlace: the tensor is part of the autograd graph; only leaves and tensors that do not require grad can be updated in place');
  }
  const data = t.storage.data;
  const backend = t.storage.backend;
  let shared: TypedArray | null = null;
  if (t.isContiguous()) {
    if (ArrayBuffer.isView(data) && dtypeOfArray(data) === t.dtype) shared = readValues(t);
    else if (backend.writableValues !== undefined) shared = backend.writableValues(data, t.dtype, t.offset, numelOf(t.shape));
  }
  if (shared !== null) {
    fn(shared); // in place: the JS array itself, or a view of backend memory (WASM heap) written through
  } else {
    const values = backend.read(t);
    fn(values);
    const staged = wrap(backend, backend.fromArray(t.dtype, values), t.shape, t.dtype);
    backend.copyInto(t, staged);
    staged.dispose(); // a backend with outside memory (WASM) frees the staging copy now, not at GC
  }
  t.storage.version++;
  return t;
}
