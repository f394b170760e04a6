import type { ReduceOp, View } from '../backend';
import type { TypedArray } from '../../dtype';
import { forEachRow } from './strided';

/**
 * Reductions walk the input in its own memory order and accumulate into the output through strides that
 * are 0 on the reduced dims. Row sums (reduce the last dim) then become a scalar accumulator per row and
 * column sums (reduce dim 0, the `mean(0)` of batch statistics) a vector accumulate over contiguous rows,
 * both without transposing anything. Accumulation happens in float64, then is rounded once into the output.
 */
export function reduceInto(op: ReduceOp, x: View<TypedArray>, dims: readonly number[], out: TypedArray): void {
  const shape = x.shape;
  const rank = shape.length;
  const isReduced = new Array<boolean>(rank).fill(false);
  for (const d of dims) isReduced[d] = true;

  // Output strides (contiguous over kept dims, 0 over reduced dims) and, for arg-reductions, the
  // position inside the reduced sub-space (contiguous over reduced dims, 0 over kept dims).
  const outStrides = new Array<number>(rank).fill(0);
  const posStrides = new Array<number>(rank).fill(0);
  let so = 1;
  let sp = 1;
  for (let d = rank - 1; d >= 0; d--) {
    if (isReduced[d]) {
      posStrides[d] = sp;
      sp *= shape[d];
    } else {
      outStrides[d] = so;
      so *= shape[d];
    }
  }
  const outSize = so;
  const src = x.storage.data;

  if (op === 'sum' || op === 'prod') {
    const acc = new Float64Array(outSize).fill(op === 'sum' ? 0 : 1);
    const isSum = op === 'sum';
    forEachRow(shape, [x.strides, outStrides], [x.offset, 0], (n, offs, st) => {
      const xo = offs[0], xs = st[0], ao = offs[1], as = st[1];
      if (as === 0) {
        let s = acc[ao];
        if (isSum) {
          if (xs === 1) for (let i = 0; i < n; i++) s += src[xo + i];
          else for (let i = 0; i < n; i++) s += src[xo + i * xs];
        } else for (let i = 0; i < n; i++) s *= src[xo + i * xs];
        acc[ao] = s;
      } else if (isSum) {
        for (let i = 0; i < n; i++) acc[ao + i * as] += src[xo + i * xs];
      } else {
        for (let i = 0; i < n; i++) acc[ao + i * as] *= src[xo + i * xs];
      }
    });
    for (let i = 0; i < outSize; i++) out[i] = acc[i];
    return;
  }

  // max / min / argmax / argmin. NaN wins, as in PyTorch (the first NaN for the arg-reductions).
  const isMax = op === 'max' || op === 'argmax';
  const wantIndex = op === 'argmax' || op === 'argmin';
  const best = new Float64Array(outSize).fill(isMax ? -Infinity : Infinity);
  const bestPos = new Int32Array(outSize).fill(-1);
  forEachRow(shape, [x.strides, outStrides, posStrides], [x.offset, 0, 0], (n, offs, st) => {
    const xo = offs[0], xs = st[0], bo = offs[1], bs = st[1], po = offs[2], ps = st[2];
    for (let i = 0; i < n; i++) {
      const v = src[xo + i * xs];
      const k = bo + i * bs;
      const cur = best[k];
      if (cur !== cur) continue; // a NaN already won
      if (bestPos[k] < 0 || v !== v || (isMax ? v > cur : v < cur)) {
        best[k] = v;
        bestPos[k] = po + i * ps;
      }
    }
  });
  if (wantIndex) for (let i = 0; i < outSize; i++) out[i] = bestPos[i];
  else for (let i = 0; i < outSize; i++) out[i] = best[i];
}
