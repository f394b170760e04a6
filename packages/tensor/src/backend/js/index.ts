import type { AvgPool2dParams, Backend, BinaryOp, Conv2dParams, Pool2dParams, ReduceOp, UnaryOp, View } from '../backend';
import { allocArray, arrayType, type DType, type TypedArray } from '../../dtype';
import { contiguousStrides, isContiguous, numelOf, shapesEqual } from '../../shape';
import { binaryRun, unaryRun } from './elementwise';
import { reduceInto } from './reduce';
import { binaryF32, colSumF32, isFastBinaryF32, isFastUnaryF32, rowSumF32, unaryF32 } from './fast-f32';
import { coalesce } from './strided';
import { forEachRow } from './strided';
import { matmulStrided, type FloatArray } from './matmul-kernel';
import { gatherInto, indexAddInto, indexSelectInto, scatterAddInto } from './indexing';
import { conv2dBackwardInputJs, conv2dBackwardWeightJs, conv2dJs } from './conv';
import { avgPool2dBackwardJs, avgPool2dJs, maxPool2dBackwardJs, maxPool2dJs } from './pool';

type V = View<TypedArray>;

/**
 * The reference backend: plain typed arrays on the JS heap, so storage is reclaimed by the garbage
 * collector and `free` is not needed.
 */
export class JsBackend implements Backend<TypedArray> {
  readonly name = 'js';

  alloc(dtype: DType, size: number): TypedArray {
    return allocArray(dtype, size);
  }

  fromArray(dtype: DType, values: TypedArray): TypedArray {
    const Ctor = arrayType(dtype);
    return values instanceof Ctor ? values.slice() : new Ctor(values);
  }

  size(data: TypedArray): number {
    return data.length;
  }

  read(x: V): TypedArray {
    const n = numelOf(x.shape);
    const out = allocArray(x.dtype, n);
    forEachRow(x.shape, [x.strides], [x.offset], makeCopyRun(x.storage.data, out));
    return out;
  }

  unary(op: UnaryOp, x: V, outDType: DType, a = 0, b = 0): TypedArray {
    const size = numelOf(x.shape);
    if (op === 'copy' && outDType === x.dtype && isContiguous(x.shape, x.strides)) {
      // clone()/contiguous() of a dense view: one memcpy instead of an element loop.
      return x.storage.data.slice(x.offset, x.offset + size);
    }
    if (outDType === 'float32' && x.dtype === 'float32' && isFastUnaryF32(op) && isContiguous(x.shape, x.strides)) {
      const out = new Float32Array(size);
      unaryF32(op, size, x.storage.data as Float32Array, x.offset, out, a);
      return out;
    }
    const out = allocArray(outDType, size);
    const src = x.storage.data;
    let o = 0;
    forEachRow(x.shape, [x.strides], [x.offset], (n, offs, st) => {
      unaryRun(op, n, src, offs[0], st[0], out, o, a, b);
      o += n;
    });
    return out;
  }

  binary(op: BinaryOp, a: V, b: V, outShape: readonly number[], outDType: DType): TypedArray {
    if (outDType === 'float32' && a.dtype === 'float32' && b.dtype === 'float32' && isFastBinaryF32(op)) {
      const fast = binaryFastF32(op, a, b, outShape);
      if (fast !== null) return fast;
    }
    const out = allocArray(outDType, numelOf(outShape));
    const ad = a.storage.data;
    const bd = b.storage.data;
    let o = 0;
    forEachRow(outShape, [a.strides, b.strides], [a.offset, b.offset], (n, offs, st) => {
      binaryRun(op, n, ad, offs[0], st[0], bd, offs[1], st[1], out, o);
      o += n;
    });
    return out;
  }

  where(cond: V, a: V, b: V, outShape: readonly number[], outDType: DType): TypedArray {
    const out = allocArray(outDType, numelOf(outShape));
    const cd = cond.storage.data, ad = a.storage.data, bd = b.storage.data;
    let o = 0;
    forEachRow(outShape, [cond.strides, a.strides, b.strides], [cond.offset, a.offset, b.offset], (n, offs, st) => {
      const co = offs[0], cs = st[0], ao = offs[1], as = st[1], bo = offs[2], bs = st[2];
      for (let i = 0; i < n; i++) out[o + i] = cd[co + i * cs] ? ad[ao + i * as] : bd[bo + i * bs];
      o += n;
    });
    return out;
  }

  reduce(op: ReduceOp, x: V, dims: readonly number[], outDType: DType): TypedArray {
    if (op === 'sum' && x.dtype === 'float32' && outDType === 'float32' && x.shape.length === 2 && dims.length === 1 &&
      (x.strides[1] === 1 || x.shape[1] === 1) && x.shape[0] > 0 && x.shape[1] > 0) {
      const [rows, cols] = x.shape;
      const src = x.storage.data as Float32Array;
      if (dims[0] === 0) {
        const out = new Float32Array(cols);
        colSumF32(src, x.offset, rows, cols, x.strides[0], out);
        return out;
      }
      const out = new Float32Array(rows);
      rowSumF32(src, x.offset, rows, cols, x.strides[0], out);
      return out;
    }
    const keptSize = numelOf(x.shape.filter((_, d) => !dims.includes(d)));
    const out = allocArray(outDType, keptSize);
    reduceInto(op, x, dims, out);
    return out;
  }

  matmul(a: V, b: V): TypedArray {
    const r = a.shape.length;
    const M = a.shape[r - 2], K = a.shape[r - 1], N = b.shape[r - 1];
    const batchShape = a.shape.slice(0, r - 2);
    const batch = numelOf(batchShape);
    const out = allocArray(a.dtype, batch * M * N) as FloatArray;
    const ad = a.storage.data as FloatArray, bd = b.storage.data as FloatArray;
    const [ars, acs] = [a.strides[r - 2], a.strides[r - 1]];
    const [brs, bcs] = [b.strides[r - 2], b.strides[r - 1]];
    if (batchShape.length <= 1) {
      const abs = batchShape.length ? a.strides[0] : 0, bbs = batchShape.length ? b.strides[0] : 0;
      matmulStrided(ad, a.offset, abs, ars, acs, bd, b.offset, bbs, brs, bcs, out, batch, M, N, K);
      return out;
    }
    // Several batch dims: walk them (merged where possible) and multiply one batch row at a time.
    const outBatchStrides = contiguousStrides(batchShape).map((s) => s * M * N);
    forEachRow(batchShape, [a.strides.slice(0, r - 2), b.strides.slice(0, r - 2), outBatchStrides], [a.offset, b.offset, 0],
      (n, offs, st) => {
        for (let i = 0; i < n; i++) {
          const outSlice = out.subarray(offs[2] + i * st[2], offs[2] + i * st[2] + M * N);
          matmulStrided(ad, offs[0] + i * st[0], 0, ars, acs, bd, offs[1] + i * st[1], 0, brs, bcs, outSlice, 1, M, N, K);
        }
      });
    return out;
  }

  copyInto(dst: V, src: V): void {
    const dd = dst.storage.data, sd = src.storage.data;
    if (dst.dtype === src.dtype && isContiguous(dst.shape, dst.strides) && isContiguous(src.shape, src.strides) && shapesEqual(dst.shape, src.shape)) {
      dd.set(sd.subarray(src.offset, src.offset + numelOf(src.shape)), dst.offset);
      return;
    }
    forEachRow(dst.shape, [dst.strides, src.strides], [dst.offset, src.offset], (n, offs, st) => {
      const d0 = offs[0], ds = st[0], s0 = offs[1], ss = st[1];
      for (let i = 0; i < n; i++) dd[d0 + i * ds] = sd[s0 + i * ss];
    });
  }

  indexSelect(x: V, dim: number, index: V): TypedArray {
    return indexSelectInto(x, dim, this.read(index) as Int32Array);
  }

  indexAdd(shape: readonly number[], dim: number, index: V, src: V): TypedArray {
    return indexAddInto(shape, dim, this.read(index) as Int32Array, src);
  }

  gather(x: V, dim: number, index: V): TypedArray {
    return gatherInto(x, dim, index);
  }

  scatterAdd(shape: readonly number[], dim: number, index: V, src: V): TypedArray {
    return scatterAddInto(shape, dim, index, src);
  }

  conv2d(x: V, weight: V, bias: V | null, params: Conv2dParams): TypedArray {
    return conv2dJs(x, weight, bias, params);
  }

  conv2dBackwardInput(grad: V, weight: V, inputShape: readonly number[], params: Conv2dParams): TypedArray {
    return conv2dBackwardInputJs(grad, weight, inputShape, params);
  }

  conv2dBackwardWeight(grad: V, x: V, weightShape: readonly number[], params: Conv2dParams): TypedArray {
    return conv2dBackwardWeightJs(grad, x, weightShape, params);
  }

  maxPool2d(x: V, params: Pool2dParams): { values: TypedArray; indices: TypedArray } {
    return maxPool2dJs(x, params);
  }

  maxPool2dBackward(grad: V, indices: V, inputShape: readonly number[]): TypedArray {
    return maxPool2dBackwardJs(grad, indices, inputShape);
  }

  avgPool2d(x: V, params: AvgPool2dParams): TypedArray {
    return avgPool2dJs(x, params);
  }

  avgPool2dBackward(grad: V, inputShape: readonly number[], params: AvgPool2dParams): TypedArray {
    return avgPool2dBackwardJs(grad, inputShape, params);
  }
}

/**
 * The float32 fast path of `binary` (fast-f32.ts): when the operands coalesce to at most [rows, n] with
 * inner strides of 0 or 1. Returns null otherwise (the generic kernel runs).
 */
function binaryFastF32(op: Parameters<typeof binaryF32>[0], a: V, b: V, outShape: readonly number[]): Float32Array | null {
  const c = coalesce(outShape, [a.strides, b.strides]);
  const rank = c.shape.length;
  if (rank > 2) return null;
  const n = rank === 0 ? 1 : c.shape[rank - 1];
  const rows = rank === 2 ? c.shape[0] : 1;
  const acs = rank === 0 ? 0 : c.strides[0][rank - 1], bcs = rank === 0 ? 0 : c.strides[1][rank - 1];
  if ((acs !== 0 && acs !== 1) || (bcs !== 0 && bcs !== 1)) return null;
  const ars = rank === 2 ? c.strides[0][0] : 0, brs = rank === 2 ? c.strides[1][0] : 0;
  const out = new Float32Array(rows * n);
  if (rows * n === 0) return out;
  binaryF32(op, rows, n, a.storage.data as Float32Array, a.offset, ars, acs, b.storage.data as Float32Array, b.offset, brs, bcs, out);
  return out;
}

/** A row copier into a contiguous output whose write position advances run by run. */
function makeCopyRun(src: TypedArray, out: TypedArray): (n: number, offs: number[], st: number[]) => void {
  let o = 0;
  return (n, offs, st) => {
    const s0 = offs[0], ss = st[0];
    if (ss === 1) out.set(src.subarray(s0, s0 + n), o);
    else for (let i = 0; i < n; i++) out[o + i] = src[s0 + i * ss];
    o += n;
  };
}
