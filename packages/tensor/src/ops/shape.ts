/**
 * Shape ops. view, transpose, permute, squeeze, unsqueeze, expand and narrow return views sharing
 * storage (no copy), exactly as in PyTorch; reshape copies only when a view is impossible; cat and stack
 * allocate.
 */
import { contiguousStrides, fmtShape, isContiguous, normalizeDim, numelOf, shapesEqual } from '../shape';
import { Tensor } from '../tensor';
import { record, sameBackend, viewOf, wrap } from './core';
import { zeros } from '../creation';

/** Resolves a single -1 and checks that the element count matches. */
export function inferShape(shape: readonly number[], numel: number, op: string, from: readonly number[]): number[] {
  let infer = -1;
  let known = 1;
  const out = shape.slice();
  for (let i = 0; i < out.length; i++) {
    const s = out[i];
    if (typeof s !== 'number' || !Number.isInteger(s) || s < -1) {
      throw new RangeError(`${op}: invalid size ${String(s)} in shape [${shape.map(String).join(',')}]`); // not JSON: it prints NaN as null
    }
    if (s === -1) {
      if (infer >= 0) throw new RangeError(`${op}: only one dimension can be inferred (-1) in shape ${fmtShape(shape)}`);
      infer = i;
    } else known *= s;
  }
  if (infer >= 0) {
    if (known === 0 || numel % known !== 0) {
      throw new RangeError(`${op}: shape ${fmtShape(shape)} is invalid for input of size ${numel} (shape ${fmtShape(from)})`);
    }
    out[infer] = numel / known;
  } else if (known !== numel) {
    throw new RangeError(`${op}: shape ${fmtShape(shape)} is invalid for input of size ${numel} (shape ${fmtShape(from)})`);
  }
  return out;
}

/**
 * Strides for viewing (shape, strides) as newShape without copying, or null when impossible
 * (PyTorch's `computeStride`: each run of dims that is contiguous within itself may be re-split).
 */
function viewStrides(shape: readonly number[], strides: readonly number[], newShape: readonly number[]): number[] | null {
  if (numelOf(shape) === 0 || shape.length === 0) return contiguousStrides(newShape);
  const out = new Array<number>(newShape.length);
  let viewD = newShape.length - 1;
  let chunkBase = strides[strides.length - 1] ?? 1;
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    tensorNumel *= shape[d];
    if (d === 0 || (shape[d - 1] !== 1 && strides[d - 1] !== tensorNumel * chunkBase)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] === 1)) {
        out[viewD] = viewNumel * chunkBase;
        viewNumel *= newShape[viewD];
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) {
        chunkBase = strides[d - 1];
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  if (viewD !== -1) return null;
  return out;
}

export function view(x: Tensor, shape: readonly number[]): Tensor {
  const newShape = inferShape(shape, x.numel(), 'view', x.shape);
  const strides = shape.length === 0 ? [] : viewStrides(x.shape, x.strides, newShape);
  if (strides === null) {
    throw new RangeError(
      `view: view size ${fmtShape(newShape)} is not compatible with input tensor's size ${fmtShape(x.shape)} and stride ` +
        `${fmtShape(x.strides)} (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.`,
    );
  }
  const out = viewOf(x, newShape, strides);
  return record(out, 'ViewBackward', [x], (g) => [g.reshape(x.shape)]);
}

export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const newShape = inferShape(shape, x.numel(), 'reshape', x.shape);
  if (shapesEqual(newShape, x.shape)) return x;
  const strides = viewStrides(x.shape, x.strides, newShape);
  return strides === null ? x.contiguous().view(newShape) : view(x, newShape);
}

export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.shape.length === 0) return x.reshape([1]);
  const s = normalizeDim(startDim, x.shape.length, 'flatten');
  const e = normalizeDim(endDim, x.shape.length, 'flatten');
  if (s > e) throw new RangeError(`flatten: startDim ${startDim} cannot come after endDim ${endDim}`);
  const shape = [...x.shape.slice(0, s), numelOf(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)];
  return x.reshape(shape);
}

export function permute(x: Tensor, dims: readonly number[]): Tensor {
  const r = x.shape.length;
  if (dims.length !== r) {
    throw new RangeError(`permute: number of dims ${dims.length} does not match the input's rank ${r} (shape ${fmtShape(x.shape)})`);
  }
  const perm = dims.map((d) => normalizeDim(d, r, 'permute'));
  if (new Set(perm).size !== r) throw new RangeError(`permute: repeated dim in ${fmtShape(dims)}`);
  const out = viewOf(x, perm.map((d) => x.shape[d]), perm.map((d) => x.strides[d]));
  const inverse = new Array<number>(r);
  perm.forEach((d, i) => (inverse[d] = i));
  return record(out, 'PermuteBackward', [x], (g) => [g.permute(inverse)]);
}

export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const r = x.shape.length;
  if (r === 0) return x;
  const a = normalizeDim(dim0, r, 'transpose');
  const b = normalizeDim(dim1, r, 'transpose');
  const perm = Array.from({ length: r }, (_, i) => i);
  perm[a] = b;
  perm[b] = a;
  return permute(x, perm);
}

export function squeeze(x: Tensor, dim?: number | readonly number[]): Tensor {
  const r = x.shape.length;
  let drop: number[];
  if (dim === undefined) drop = x.shape.flatMap((s, d) => (s === 1 ? [d] : []));
  else {
    const list = typeof dim === 'number' ? [dim] : dim;
    drop = list.map((d) => normalizeDim(d, r, 'squeeze')).filter((d) => r > 0 && x.shape[d] === 1);
  }
  if (drop.length === 0) return x;
  const shape = x.shape.filter((_, d) => !drop.includes(d));
  const strides = x.strides.filter((_, d) => !drop.includes(d));
  const out = viewOf(x, shape, strides);
  return record(out, 'SqueezeBackward', [x], (g) => [g.reshape(x.shape)]);
}

export function unsqueeze(x: Tensor, dim: number): Tensor {
  const r = x.shape.length;
  const d = normalizeDim(dim, r + 1, 'unsqueeze');
  const shape = [...x.shape.slice(0, d), 1, ...x.shape.slice(d)];
  const innerStride = d < r ? x.strides[d] * x.shape[d] : 1;
  const strides = [...x.strides.slice(0, d), innerStride, ...x.strides.slice(d)];
  const out = viewOf(x, shape, strides);
  return record(out, 'UnsqueezeBackward', [x], (g) => [g.reshape(x.shape)]);
}

/** Broadcasts size-1 dims (and new leading dims) to `shape` without copying; -1 keeps a size. */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  const r = x.shape.length;
  if (shape.length < r) {
    throw new RangeError(`expand: the number of sizes provided (${shape.length}) must be greater or equal to the number of dimensions in the tensor (${r})`);
  }
  const lead = shape.length - r;
  const newShape = new Array<number>(shape.length);
  const strides = new Array<number>(shape.length);
  for (let d = 0; d < shape.length; d++) {
    const want = shape[d];
    if (d < lead) {
      if (want < 0) throw new RangeError(`expand: the expanded size ${want} is not allowed in a leading, non-existing dimension ${d}`);
      newShape[d] = want;
      strides[d] = 0;
      continue;
    }
    const have = x.shape[d - lead];
    if (want === -1 || want === have) {
      newShape[d] = have;
      strides[d] = x.strides[d - lead];
    } else if (have === 1) {
      newShape[d] = want;
      strides[d] = 0;
    } else {
      throw new RangeError(
        `expand: the expanded size of the tensor (${want}) must match the existing size (${have}) at non-singleton dimension ${d}. ` +
          `Target sizes: ${fmtShape(shape)}. Tensor sizes: ${fmtShape(x.shape)}`,
      );
    }
  }
  if (shapesEqual(newShape, x.shape)) return x;
  const out = viewOf(x, newShape, strides);
  return record(out, 'ExpandBackward', [x], (g) => [sumToShape(g, x.shape)]);
}

function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  const lead = g.shape.length - shape.length;
  const dims: number[] = [];
  for (let d = 0; d < g.shape.length; d++) if (d < lead || (shape[d - lead] === 1 && g.shape[d] !== 1)) dims.push(d);
  const s = dims.length ? g.sum(dims, { keepdim: true }) : g;
  return s.reshape(shape);
}

/** The slice [start, start + length) of `dim`, as a view. */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  if (x.shape.length === 0) throw new RangeError('narrow: cannot be applied to a 0-dim tensor');
  const d = normalizeDim(dim, x.shape.length, 'narrow');
  const size = x.shape[d];
  if (!Number.isInteger(start) || !Number.isInteger(length)) {
    throw new TypeError(`narrow: start and length must be integers, got ${start} and ${length}`);
  }
  const s = start < 0 ? start + size : start;
  if (s < 0 || s > size) throw new RangeError(`narrow: start (${start}) is out of range for dimension ${d} of size ${size}`);
  if (length < 0 || s + length > size) {
    throw new RangeError(`narrow: start (${start}) + length (${length}) exceeds dimension size (${size}) of shape ${fmtShape(x.shape)}`);
  }
  const shape = x.shape.slice();
  shape[d] = length;
  const out = viewOf(x, shape, x.strides, x.offset + s * x.strides[d]);
  return record(out, 'NarrowBackward', [x], (g) => {
    const full = zeros(x.shape, { dtype: g.dtype });
    full.narrow(d, s, length).copy_(g);
    return [full];
  });
}

export function contiguous(x: Tensor): Tensor {
  return isContiguous(x.shape, x.strides) ? x : clone(x);
}

/** A contiguous copy with its own storage; the gradient passes through unchanged. */
export function clone(x: Tensor): Tensor {
  const backend = x.storage.backend;
  const out = wrap(backend, backend.unary('copy', x, x.dtype), x.shape, x.dtype);
  return record(out, 'CloneBackward', [x], (g) => [g]);
}

/** Concatenates along `dim`; all tensors must match in every other dim. */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0) throw new RangeError('cat: expected a non-empty list of Tensors');
  for (const t of tensors) if (!(t instanceof Tensor)) throw new TypeError('cat: expected a list of Tensors');
  const backend = sameBackend('cat', ...tensors);
  // PyTorch skips 1-D empty tensors in cat (legacy behaviour); we do the same.
  const parts = tensors.filter((t) => !(t.shape.length === 1 && t.shape[0] === 0));
  if (parts.length === 0) return tensors[0];
  const ref = parts[0];
  if (ref.shape.length === 0) throw new RangeError('cat: zero-dimensional tensor (at position 0) cannot be concatenated');
  const d = normalizeDim(dim, ref.shape.length, 'cat');
  const dtype = parts.reduce((dt, t) => (t.dtype === 'float64' || dt === 'float64' ? 'float64' : dt === 'float32' || t.dtype === 'float32' ? 'float32' : dt === 'int32' || t.dtype === 'int32' ? 'int32' : 'bool'), parts[0].dtype);
  let total = 0;
  parts.forEach((t, i) => {
    if (t.shape.length !== ref.shape.length) {
      throw new RangeError(`cat: tensors must have the same number of dimensions: got ${ref.shape.length} and ${t.shape.length} (tensor ${i})`);
    }
    for (let k = 0; k < ref.shape.length; k++) {
      if (k !== d && t.shape[k] !== ref.shape[k]) {
        throw new RangeError(`cat: sizes of tensors must match except in dimension ${d}. Expected size ${ref.shape[k]} but got size ${t.shape[k]} for tensor number ${i} in the list (shapes ${fmtShape(ref.shape)} and ${fmtShape(t.shape)})`);
      }
    }
    total += t.shape[d];
  });
  const shape = ref.shape.slice();
  shape[d] = total;
  const out = wrap(backend, backend.alloc(dtype, numelOf(shape)), shape, dtype);
  let at = 0;
  const starts: number[] = [];
  for (const t of parts) {
    starts.push(at);
    const slot = viewOf(out, t.shape, out.strides, out.offset + at * out.strides[d]);
    backend.copyInto(slot, t.dtype === dtype ? t : t.to(dtype));
    at += t.shape[d];
  }
  return record(out, 'CatBackward', parts, (g) => parts.map((t, i) => g.narrow(d, starts[i], t.shape[d]).to(t.dtype)));
}

export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0) throw new RangeError('stack: expected a non-empty list of Tensors');
  const ref = tensors[0];
  tensors.forEach((t, i) => {
    if (!shapesEqual(t.shape, ref.shape)) {
      throw new RangeError(`stack: expects each tensor to be equal size, but got ${fmtShape(ref.shape)} at entry 0 and ${fmtShape(t.shape)} at entry ${i}`);
    }
  });
  const d = normalizeDim(dim, ref.shape.length + 1, 'stack');
  return cat(tensors.map((t) => t.unsqueeze(d)), d);
}
