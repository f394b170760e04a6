import type { View } from '../backend';
import { allocArray, type TypedArray } from '../../dtype';
import { contiguousStrides, isContiguous, numelOf } from '../../shape';
import { forEachRow } from './strided';

type V = View<TypedArray>;

/**
 * index_select along `dim`: for each outer position and each index, copy one inner block. Indices were
 * validated (and negative ones wrapped) by the caller.
 */
export function indexSelectInto(x: V, dim: number, index: Int32Array): TypedArray {
  const shape = x.shape;
  const outer = numelOf(shape.slice(0, dim));
  const inner = numelOf(shape.slice(dim + 1));
  const size = shape[dim];
  const out = allocArray(x.dtype, outer * index.length * inner);
  // A strided input is made dense once (O(numel)); the copy loop below then moves whole inner blocks.
  const src = isContiguous(x.shape, x.strides) ? x.storage.data.subarray(x.offset) : readDense(x);
  let o = 0;
  for (let p = 0; p < outer; p++) {
    for (let k = 0; k < index.length; k++) {
      const start = (p * size + index[k]) * inner;
      if (inner === 1) out[o] = src[start];
      else out.set(src.subarray(start, start + inner), o);
      o += inner;
    }
  }
  return out;
}

/** The adjoint of index_select: accumulate each inner block of `src` into the selected slot (scatter-add). */
export function indexAddInto(shape: readonly number[], dim: number, index: Int32Array, src: V): TypedArray {
  const outer = numelOf(shape.slice(0, dim));
  const inner = numelOf(shape.slice(dim + 1));
  const size = shape[dim];
  const out = allocArray(src.dtype, numelOf(shape));
  const s = isContiguous(src.shape, src.strides) ? src.storage.data.subarray(src.offset) : readDense(src);
  let i = 0;
  for (let p = 0; p < outer; p++) {
    for (let k = 0; k < index.length; k++) {
      const dst = (p * size + index[k]) * inner;
      for (let j = 0; j < inner; j++) out[dst + j] += s[i + j];
      i += inner;
    }
  }
  return out;
}

/** torch.gather along `dim`; the index has the output's shape. */
export function gatherInto(x: V, dim: number, index: V): TypedArray {
  const out = allocArray(x.dtype, numelOf(index.shape));
  const src = x.storage.data;
  const idx = index.storage.data;
  // x's strides with `dim` removed walk the non-gathered positions in step with the index.
  const xWalk = x.strides.map((s, d) => (d === dim ? 0 : s));
  const dimStride = x.strides[dim];
  let o = 0;
  forEachRow(index.shape, [index.strides, xWalk], [index.offset, x.offset], (n, offs, st) => {
    for (let i = 0; i < n; i++) out[o + i] = src[offs[1] + i * st[1] + idx[offs[0] + i * st[0]] * dimStride];
    o += n;
  });
  return out;
}

/** The adjoint of gather: out = zeros(shape); out[..., index[...], ...] += src[...]. */
export function scatterAddInto(shape: readonly number[], dim: number, index: V, src: V): TypedArray {
  const out = allocArray(src.dtype, numelOf(shape));
  const outStrides = contiguousStrides(shape);
  const walk = outStrides.map((s, d) => (d === dim ? 0 : s));
  const dimStride = outStrides[dim];
  const idx = index.storage.data;
  const s = src.storage.data;
  forEachRow(index.shape, [index.strides, src.strides, walk], [index.offset, src.offset, 0], (n, offs, st) => {
    for (let i = 0; i < n; i++) out[offs[2] + i * st[2] + idx[offs[0] + i * st[0]] * dimStride] += s[offs[1] + i * st[1]];
  });
  return out;
}

function readDense(x: V): TypedArray {
  const out = allocArray(x.dtype, numelOf(x.shape));
  let o = 0;
  forEachRow(x.shape, [x.strides], [x.offset], (n, offs, st) => {
    for (let i = 0; i < n; i++) out[o + i] = x.storage.data[offs[0] + i * st[0]];
    o += n;
  });
  return out;
}
