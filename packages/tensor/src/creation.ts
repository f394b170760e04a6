/** Tensor constructors: from data, constants, ranges and the identity. */
import { getBackend } from './backend/registry';
import { allocArray, assertDType, dtypeOfArray, isFloat, type DType, type TypedArray } from './dtype';
import { checkShape, fmtShape, numelOf } from './shape';
import { Tensor } from './tensor';
import { wrap } from './ops/core';

export interface TensorOptions {
  dtype?: DType;
  requiresGrad?: boolean;
}

export type NestedArray = number | boolean | readonly NestedArray[];

/** Applies `requiresGrad` with PyTorch's rule that only floating point tensors can require gradients. */
export function finish(t: Tensor, opts: TensorOptions | undefined): Tensor {
  if (opts?.requiresGrad) t.requiresGrad = true;
  return t;
}

function resolveDType(opts: TensorOptions | undefined, fallback: DType, op: string): DType {
  return opts?.dtype === undefined ? fallback : assertDType(opts.dtype, op);
}

/** Makes a contiguous tensor of `dtype` from a typed array that already holds the values in row-major order. */
export function fromTypedArray(values: TypedArray, shape: readonly number[], dtype: DType): Tensor {
  const backend = getBackend();
  return wrap(backend, backend.fromArray(dtype, values), shape, dtype);
}

/**
 * Creates a tensor from nested arrays of numbers or booleans, or from a typed array (flat, or reshaped by
 * `opts.shape`). The dtype is inferred as PyTorch does (booleans -> bool, integers -> int32 (torch: int64),
 * anything else -> float32) unless given; a typed array keeps its own dtype.
 */
export function tensor(data: NestedArray | TypedArray, opts: TensorOptions & { shape?: readonly number[] } = {}): Tensor {
  if (ArrayBuffer.isView(data)) {
    const own = dtypeOfArray(data);
    if (own === undefined) {
      throw new TypeError(`tensor: unsupported typed array ${data.constructor.name}; use Float32Array, Float64Array, Int32Array or Uint8Array`);
    }
    const dtype = resolveDType(opts, own, 'tensor');
    const arr = data as TypedArray;
    const shape = opts.shape ? checkShape(opts.shape, 'tensor') : [arr.length];
    if (numelOf(shape) !== arr.length) {
      throw new RangeError(`tensor: shape ${fmtShape(shape)} needs ${numelOf(shape)} values but the array has ${arr.length}`);
    }
    const values = dtype === own ? arr : convert(arr, dtype);
    return finish(fromTypedArray(values, shape, dtype), opts);
  }
  const shape: number[] = [];
  inferNestedShape(data, 0, shape);
  const flat: (number | boolean)[] = [];
  flattenInto(data, 0, shape, flat, []);
  let inferred: DType = 'bool';
  for (const v of flat) {
    if (typeof v === 'number') {
      if (!Number.isInteger(v)) {
        inferred = 'float32';
        break;
      }
      inferred = 'int32';
    }
  }
  if (flat.length === 0) inferred = 'float32';
  const dtype = resolveDType(opts, inferred, 'tensor');
  const arr = allocArray(dtype, flat.length);
  for (let i = 0; i < flat.length; i++) {
    const v = flat[i];
    arr[i] = dtype === 'bool' ? (v ? 1 : 0) : Number(v);
  }
  return finish(fromTypedArray(arr, shape, dtype), opts);
}

function convert(src: TypedArray, dtype: DType): TypedArray {
  const out = allocArray(dtype, src.length);
  if (dtype === 'bool') for (let i = 0; i < src.length; i++) out[i] = src[i] ? 1 : 0;
  else out.set(src);
  return out;
}

function inferNestedShape(data: NestedArray, depth: number, shape: number[]): void {
  if (Array.isArray(data)) {
    shape.push(data.length);
    if (data.length > 0) inferNestedShape(data[0], depth + 1, shape);
  } else if (typeof data !== 'number' && typeof data !== 'boolean') {
    throw new TypeError(`tensor: expected numbers, booleans or nested arrays of them, got ${data === null ? 'null' : typeof data} at depth ${depth}`);
  }
}

function flattenInto(data: NestedArray, depth: number, shape: number[], out: (number | boolean)[], path: number[]): void {
  if (depth === shape.length) {
    if (Array.isArray(data)) {
      throw new RangeError(`tensor: ragged nested array: expected a number at index [${path.join('][')}], found an array`);
    }
    if (typeof data !== 'number' && typeof data !== 'boolean') {
      throw new TypeError(`tensor: expected a number or boolean at index [${path.join('][')}], got ${data === null ? 'null' : typeof data}`);
    }
    out.push(data as number | boolean);
    return;
  }
  if (!Array.isArray(data) || data.length !== shape[depth]) {
    throw new RangeError(
      `tensor: ragged nested array: expected sequence of length ${shape[depth]} at dim ${depth} (got ${Array.isArray(data) ? data.length : 'a scalar'}) at index [${path.join('][')}]`,
    );
  }
  for (let i = 0; i < data.length; i++) flattenInto(data[i], depth + 1, shape, out, [...path, i]);
}

export function full(shape: readonly number[], value: number | boolean, opts: TensorOptions = {}): Tensor {
  return filled('full', shape, value, opts);
}

function filled(op: string, shape: readonly number[], value: number | boolean, opts: TensorOptions): Tensor {
  const s = checkShape(shape, op);
  if (typeof value !== 'number' && typeof value !== 'boolean') throw new TypeError(`${op}: fill value must be a number, got ${typeof value}`);
  const dtype = resolveDType(opts, typeof value === 'boolean' ? 'bool' : 'float32', op);
  const arr = allocArray(dtype, numelOf(s));
  const v = dtype === 'bool' ? (value ? 1 : 0) : Number(value);
  if (v !== 0) arr.fill(v);
  return finish(fromTypedArray(arr, s, dtype), opts);
}

export function zeros(shape: readonly number[], opts: TensorOptions = {}): Tensor {
  return filled('zeros', shape, 0, { dtype: 'float32', ...opts });
}

export function ones(shape: readonly number[], opts: TensorOptions = {}): Tensor {
  return filled('ones', shape, 1, { dtype: 'float32', ...opts });
}

export function zerosLike(t: Tensor, opts: TensorOptions = {}): Tensor {
  return zeros(t.shape, { dtype: t.dtype, ...opts });
}

export function onesLike(t: Tensor, opts: TensorOptions = {}): Tensor {
  return ones(t.shape, { dtype: t.dtype, ...opts });
}

export function fullLike(t: Tensor, value: number, opts: TensorOptions = {}): Tensor {
  return full(t.shape, value, { dtype: t.dtype, ...opts });
}

/**
 * `arange(end)`, `arange(start, end)`, `arange(start, end, step)`: values start, start + step, ... < end.
 * Integer arguments give int32 (torch: int64), otherwise float32.
 */
export function arange(end: number, opts?: TensorOptions): Tensor;
export function arange(start: number, end: number, opts?: TensorOptions): Tensor;
export function arange(start: number, end: number, step: number, opts?: TensorOptions): Tensor;
export function arange(...args: (number | TensorOptions | undefined)[]): Tensor {
  const nums = args.filter((a): a is number => typeof a === 'number' || (a !== undefined && typeof a !== 'object'));
  const options = (args.find((a) => typeof a === 'object' && a !== null) ?? {}) as TensorOptions;
  if (nums.length < 1 || nums.length > 3) throw new TypeError(`arange: expected 1 to 3 numbers (end | start, end | start, end, step), got ${nums.length}`);
  const [lo, hi, st] = nums.length === 1 ? [0, nums[0], 1] : [nums[0], nums[1], nums[2] ?? 1];
  for (const [name, v] of [['start', lo], ['end', hi], ['step', st]] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`arange: ${name} must be a finite number, got ${String(v)}`);
  }
  if (st === 0) throw new RangeError('arange: step must be nonzero');
  if ((st > 0 && hi < lo) || (st < 0 && hi > lo)) {
    throw new RangeError(`arange: upper bound and larger bound inconsistent with step sign (start ${lo}, end ${hi}, step ${st})`);
  }
  const allInt = Number.isInteger(lo) && Number.isInteger(hi) && Number.isInteger(st);
  const dtype = resolveDType(options, allInt ? 'int32' : 'float32', 'arange');
  const n = Math.ceil((hi - lo) / st);
  const arr = allocArray(dtype, n);
  for (let i = 0; i < n; i++) arr[i] = lo + i * st;
  return finish(fromTypedArray(arr, [n], dtype), options);
}

/** The n x m identity matrix (m defaults to n). */
export function eye(n: number, m: number | TensorOptions = n, opts: TensorOptions = {}): Tensor {
  let cols = n;
  let options = opts;
  if (typeof m === 'number') cols = m;
  else options = m;
  const [r, c] = checkShape([n, cols], 'eye');
  const dtype = resolveDType(options, 'float32', 'eye');
  const arr = allocArray(dtype, r * c);
  for (let i = 0; i < Math.min(r, c); i++) arr[i * c + i] = 1;
  return finish(fromTypedArray(arr, [r, c], dtype), options);
}

export function isFloatTensor(t: Tensor): boolean {
  return isFloat(t.dtype);
}
