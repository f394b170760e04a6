/**
 * 2-D convolution for the pure-TypeScript backend, as im2col feeding the cache-blocked matmul kernel.
 *
 * For one sample and one channel group, the convolution is a matrix product:
 *
 *     out[g] [Og, P] = W[g] [Og, K] @ col [K, P],   K = Cg * kH * kW,  P = OH * OW,
 *
 * where row (c, kh, kw) of `col` holds, for every output position (oh, ow), the input tap
 * x[c, oh*sH - top + kh*dH, ow*sW - left + kw*dW] (zero in the padding). Building `col` ("im2col")
 * is a strided gather that costs K * P copies, against 2 * Og * K * P flops in the product, so the
 * convolution runs at `matmulStrided`'s speed. The two gradients are products of the same shapes:
 *
 *     dcol [K, P]   = W[g]^T @ dout[g]            then scattered back into dx ("col2im");
 *     dW[g] [Og, K] = sum over samples of dout[g] @ col^T.
 *
 * Weights and gradients are read through transposed strides (matmulStrided packs any stride pattern), so
 * nothing is transposed by hand. A 1x1 convolution with stride 1 and no padding needs no im2col at all:
 * the input's [C, H * W] plane already is `col`, read in place through its strides.
 *
 * Work is done one sample at a time so `col` (K * P elements, ~450 KB for 16 channels, 3x3, 28x28) stays
 * in cache; `col` and the per-sample temporaries live in module-level scratch, grown on demand and reused
 * across calls (the kernels are synchronous, so sharing is safe). Sums are formed in double precision by
 * the matmul kernel and rounded once into float32 results; per-sample weight gradients are summed in a
 * double accumulator.
 */
import type { Conv2dParams, View } from '../backend';
import { allocArray, type DType, type TypedArray } from '../../dtype';
import { isContiguous, numelOf } from '../../shape';
import { forEachRow } from './strided';
import { matmulStrided, type FloatArray } from './matmul-kernel';

type V = View<TypedArray>;

/** Everything the three kernels derive from the shapes and `Conv2dParams`. */
interface Geometry {
  N: number; C: number; H: number; W: number;
  O: number; G: number; Cg: number; Og: number; kH: number; kW: number;
  OH: number; OW: number; P: number; K: number;
  sh: number; sw: number; pt: number; pl: number; dh: number; dw: number;
  /** 1x1 kernel, stride 1, no padding: the input plane is its own im2col matrix. */
  pointwise: boolean;
  /** One input and at most two output channels per group (depthwise): the direct loops beat im2col. */
  direct: boolean;
}

function geometry(xShape: readonly number[], wShape: readonly number[], p: Conv2dParams): Geometry {
  const [N, C, H, W] = xShape;
  const [O, Cg, kH, kW] = wShape;
  const G = p.groups;
  const [sh, sw] = p.stride;
  const [pt, pb, pl, pr] = p.padding;
  const [dh, dw] = p.dilation;
  const OH = Math.floor((H + pt + pb - dh * (kH - 1) - 1) / sh) + 1;
  const OW = Math.floor((W + pl + pr - dw * (kW - 1) - 1) / sw) + 1;
  if (!(OH >= 1 && OW >= 1) || Cg * G !== C || O % G !== 0) {
    throw new RangeError(`conv2d kernel: inconsistent geometry for input [${xShape.join(', ')}], weight [${wShape.join(', ')}], groups ${G}`);
  }
  const pointwise = kH === 1 && kW === 1 && sh === 1 && sw === 1 && pt === 0 && pb === 0 && pl === 0 && pr === 0;
  const direct = Cg === 1 && O / G <= 2 && !pointwise;
  return { N, C, H, W, O, G, Cg, Og: O / G, kH, kW, OH, OW, P: OH * OW, K: Cg * kH * kW, sh, sw, pt, pl, dh, dw, pointwise, direct };
}

// ---- scratch -------------------------------------------------------------------------------------------

let col32 = new Float32Array(0);
let col64 = new Float64Array(0);
let tmp32 = new Float32Array(0);
let tmp64 = new Float64Array(0);
let acc64 = new Float64Array(0);

/** A double accumulator plane for the direct path, zeroed over its first `size` elements. */
function accScratch(size: number): Float64Array {
  if (acc64.length < size) acc64 = new Float64Array(grownSize(acc64.length, size));
  acc64.fill(0, 0, size);
  return acc64;
}

function grownSize(have: number, need: number): number {
  return Math.max(need, have * 2, 1024);
}

/** The shared im2col buffer, at least `size` long, of the dtype's array type. */
function colScratch(dtype: DType, size: number): FloatArray {
  if (dtype === 'float32') {
    if (col32.length < size) col32 = new Float32Array(grownSize(col32.length, size));
    return col32;
  }
  if (col64.length < size) col64 = new Float64Array(grownSize(col64.length, size));
  return col64;
}

/** A second buffer (per-sample weight gradients), disjoint from the im2col one. */
function tmpScratch(dtype: DType, size: number): FloatArray {
  if (dtype === 'float32') {
    if (tmp32.length < size) tmp32 = new Float32Array(grownSize(tmp32.length, size));
    return tmp32;
  }
  if (tmp64.length < size) tmp64 = new Float64Array(grownSize(tmp64.length, size));
  return tmp64;
}

/** The view's data and offset if it is laid out row-major contiguous, else a contiguous copy (offset 0). */
function dense(v: V): [FloatArray, number] {
  if (isContiguous(v.shape, v.strides)) return [v.storage.data as FloatArray, v.offset];
  const out = allocArray(v.dtype, numelOf(v.shape)) as FloatArray;
  const src = v.storage.data;
  let o = 0;
  forEachRow(v.shape, [v.strides], [v.offset], (n, offs, st) => {
    for (let i = 0, s = offs[0]; i < n; i++, s += st[0]) out[o + i] = src[s];
    o += n;
  });
  return [out, 0];
}

// ---- im2col / col2im -----------------------------------------------------------------------------------

/**
 * The range [lo, hi) of output columns ow whose tap ow * s + off lands inside [0, size); the columns
 * outside it read padding. Returned as lo * 2^20 + hi would save an array, but this runs once per kernel
 * tap per call, so clarity wins.
 */
function validRange(off: number, s: number, size: number, count: number): [number, number] {
  const lo = Math.min(off >= 0 ? 0 : Math.ceil(-off / s), count);
  const hi = size - 1 - off < 0 ? 0 : Math.min(count, Math.floor((size - 1 - off) / s) + 1);
  return [lo, Math.max(hi, lo)];
}

/**
 * Fills col [Cg * kH * kW, OH * OW] from channels [c0, c0 + Cg) of one sample, read through strides:
 * `base` addresses x[n, c0, 0, 0]. Padding taps are written as zeros. Rows are short (tens of elements),
 * so zeros are written with plain loops (a builtin `fill` call per row costs more than it saves), and a
 * unit-stride source row is copied with a single running index.
 */
function im2col(src: FloatArray, base: number, sC: number, sH: number, sW: number, g: Geometry, col: FloatArray): void {
  const { Cg, H, W, kH, kW, OH, OW, P, sh, sw, pt, pl, dh, dw } = g;
  const step = sw * sW;
  let row = 0;
  for (let c = 0; c < Cg; c++) {
    const cBase = base + c * sC;
    for (let kh = 0; kh < kH; kh++) {
      const hOff = kh * dh - pt;
      for (let kw = 0; kw < kW; kw++, row += P) {
        const wOff = kw * dw - pl;
        const [lo, hi] = validRange(wOff, sw, W, OW);
        // Source index of output column ow (for input row ih) is rowSrc + ih * sH + ow * step.
        const rowSrc = cBase + wOff * sW;
        for (let oh = 0; oh < OH; oh++) {
          const d = row + oh * OW;
          const ih = oh * sh + hOff;
          if (ih < 0 || ih >= H) {
            for (let t = d, e = d + OW; t < e; t++) col[t] = 0;
            continue;
          }
          for (let t = d, e = d + lo; t < e; t++) col[t] = 0;
          const s0 = rowSrc + ih * sH;
          if (step === 1) {
            const shift = s0 - d;
            for (let t = d + lo, e = d + hi; t < e; t++) col[t] = src[t + shift];
          } else {
            for (let ow = lo; ow < hi; ow++) col[d + ow] = src[s0 + ow * step];
          }
          for (let t = d + hi, e = d + OW; t < e; t++) col[t] = 0;
        }
      }
    }
  }
}

/** The adjoint of im2col: adds col [Cg * kH * kW, OH * OW] into the contiguous planes dx[base ...] of Cg channels. */
function col2im(col: FloatArray, dx: FloatArray, base: number, g: Geometry): void {
  const { Cg, H, W, kH, kW, OH, OW, P, sh, sw, pt, pl, dh, dw } = g;
  const HW = H * W;
  let row = 0;
  for (let c = 0; c < Cg; c++) {
    const cBase = base + c * HW;
    for (let kh = 0; kh < kH; kh++) {
      const hOff = kh * dh - pt;
      for (let kw = 0; kw < kW; kw++, row += P) {
        const wOff = kw * dw - pl;
        const [lo, hi] = validRange(wOff, sw, W, OW);
        if (lo >= hi) continue;
        const rowDst = cBase + wOff;
        for (let oh = 0; oh < OH; oh++) {
          const ih = oh * sh + hOff;
          if (ih < 0 || ih >= H) continue;
          const d = row + oh * OW;
          const t0 = rowDst + ih * W;
          if (sw === 1) {
            const shift = t0 - d;
            for (let t = d + lo, e = d + hi; t < e; t++) dx[t + shift] += col[t];
          } else {
            for (let ow = lo; ow < hi; ow++) dx[t0 + ow * sw] += col[d + ow];
          }
        }
      }
    }
  }
}

// ---- direct path: one input channel per group ----------------------------------------------------------
//
// When each group maps one input channel to one or two output channels (depthwise convolutions), the
// per-group product is a matrix-vector product with an inner dimension of only kH * kW (9 for 3x3), and
// im2col costs as much as the arithmetic. These loops instead sweep each kernel tap over whole output rows
// (an axpy per tap and row, reading the input in place), accumulating a plane in doubles in the same tap
// order as the matmul path, then round once. Measured on batch 64, 16 channels, 28x28, 3x3: forward 0.95
// vs 0.82 GFLOP/s, input gradient 0.95 vs 0.58, weight gradient 1.2 vs 0.87 (im2col). With more outputs
// per group (a 1-channel image into 8 or 32 filters, say) the packed matmul wins 2-4x, so it keeps those.

/** out[n, o] = bias[o] + sum over taps of w[o, 0, kh, kw] * (x[n, c] shifted), c = o's group. */
function conv2dDirect(xd: FloatArray, x: V, wd: FloatArray, wOff: number, bias: V | null, g: Geometry, out: FloatArray): void {
  const { N, O, Og, H, W, kH, kW, OH, OW, P, sh, sw, pt, pl, dh, dw } = g;
  const [sN, sC, sH, sW] = x.strides;
  const bd = bias === null ? null : (bias.storage.data as FloatArray);
  const acc = accScratch(P);
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < O; o++) {
      const plane = x.offset + n * sN + Math.floor(o / Og) * sC;
      acc.fill(bd === null ? 0 : bd[bias!.offset + o * bias!.strides[0]], 0, P);
      for (let kh = 0; kh < kH; kh++) {
        const hOff = kh * dh - pt;
        for (let kw = 0; kw < kW; kw++) {
          const wv = wd[wOff + (o * kH + kh) * kW + kw];
          const wOffCol = kw * dw - pl;
          const [lo, hi] = validRange(wOffCol, sw, W, OW);
          for (let oh = 0; oh < OH; oh++) {
            const ih = oh * sh + hOff;
            if (ih < 0 || ih >= H) continue;
            const d = oh * OW;
            const s0 = plane + ih * sH + wOffCol * sW;
            const step = sw * sW;
            for (let ow = lo, s = s0 + lo * step; ow < hi; ow++, s += step) acc[d + ow] += wv * xd[s];
          }
        }
      }
      const o0 = (n * O + o) * P;
      for (let i = 0; i < P; i++) out[o0 + i] = acc[i];
    }
  }
}

/** dx[n, c] = sum over c's outputs o and taps of w[o, 0, kh, kw] * (dout[n, o] shifted back). */
function conv2dBackwardInputDirect(gd: FloatArray, gOff: number, wd: FloatArray, wOff: number, g: Geometry, dx: FloatArray): void {
  const { N, C, O, Og, H, W, kH, kW, OH, OW, P, sh, sw, pt, pl, dh, dw } = g;
  const HW = H * W;
  const acc = accScratch(HW);
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      acc.fill(0, 0, HW);
      for (let o = c * Og; o < (c + 1) * Og; o++) {
        const gPlane = gOff + (n * O + o) * P;
        for (let kh = 0; kh < kH; kh++) {
          const hOff = kh * dh - pt;
          for (let kw = 0; kw < kW; kw++) {
            const wv = wd[wOff + (o * kH + kh) * kW + kw];
            const wOffCol = kw * dw - pl;
            const [lo, hi] = validRange(wOffCol, sw, W, OW);
            for (let oh = 0; oh < OH; oh++) {
              const ih = oh * sh + hOff;
              if (ih < 0 || ih >= H) continue;
              const t0 = ih * W + wOffCol, d = gPlane + oh * OW;
              for (let ow = lo, t = t0 + lo * sw; ow < hi; ow++, t += sw) acc[t] += wv * gd[d + ow];
            }
          }
        }
      }
      const x0 = (n * C + c) * HW;
      for (let i = 0; i < HW; i++) dx[x0 + i] = acc[i];
    }
  }
}

/** dw[o, 0, kh, kw] = sum over samples and output positions of dout[n, o] * (x[n, c] shifted). */
function conv2dBackwardWeightDirect(gd: FloatArray, gOff: number, xd: FloatArray, x: V, g: Geometry, dwOut: FloatArray): void {
  const { N, O, Og, H, W, kH, kW, OH, OW, P, sh, sw, pt, pl, dh, dw } = g;
  const [sN, sC, sH, sW] = x.strides;
  const taps = kH * kW;
  const acc = accScratch(O * taps);
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < O; o++) {
      const plane = x.offset + n * sN + Math.floor(o / Og) * sC;
      const gPlane = gOff + (n * O + o) * P;
      for (let kh = 0; kh < kH; kh++) {
        const hOff = kh * dh - pt;
        for (let kw = 0; kw < kW; kw++) {
          const wOffCol = kw * dw - pl;
          const [lo, hi] = validRange(wOffCol, sw, W, OW);
          const step = sw * sW;
          let s = 0;
          for (let oh = 0; oh < OH; oh++) {
            const ih = oh * sh + hOff;
            if (ih < 0 || ih >= H) continue;
            const d = gPlane + oh * OW;
            const s0 = plane + ih * sH + wOffCol * sW;
            for (let ow = lo, q = s0 + lo * step; ow < hi; ow++, q += step) s += gd[d + ow] * xd[q];
          }
          acc[o * taps + kh * kW + kw] += s;
        }
      }
    }
  }
  for (let i = 0; i < O * taps; i++) dwOut[i] = acc[i];
}

// ---- kernels -------------------------------------------------------------------------------------------

/** Backend.conv2d: see backend.ts. */
export function conv2dJs(x: V, w: V, bias: V | null, p: Conv2dParams): FloatArray {
  const g = geometry(x.shape, w.shape, p);
  const { N, O, G, Cg, Og, P, K, pointwise } = g;
  const out = allocArray(x.dtype, N * O * P) as FloatArray;
  if (out.length === 0) return out;
  const xd = x.storage.data as FloatArray;
  const [sN, sC, sH, sW] = x.strides;
  const [wd, wOff] = dense(w);
  if (g.direct) {
    conv2dDirect(xd, x, wd, wOff, bias, g, out);
    return out;
  }
  // A 1x1 convolution reads x's [C, H*W] plane in place when its rows and columns merge into one stride.
  const inPlace = pointwise && (g.H === 1 || sH === g.W * sW);
  const col = inPlace || K * P === 0 ? null : colScratch(x.dtype, K * P);
  for (let n = 0; n < N; n++) {
    for (let gi = 0; gi < G; gi++) {
      const xBase = x.offset + n * sN + gi * Cg * sC;
      const o0 = (n * O + gi * Og) * P;
      const dst = out.subarray(o0, o0 + Og * P);
      if (col === null) {
        matmulStrided(wd, wOff + gi * Og * K, 0, K, 1, xd, xBase, 0, sC, sW, dst, 1, Og, P, K);
      } else {
        im2col(xd, xBase, sC, sH, sW, g, col);
        matmulStrided(wd, wOff + gi * Og * K, 0, K, 1, col, 0, 0, P, 1, dst, 1, Og, P, K);
      }
    }
  }
  if (bias !== null) {
    const bd = bias.storage.data as FloatArray;
    for (let n = 0; n < N; n++) {
      for (let o = 0; o < O; o++) {
        const b = bd[bias.offset + o * bias.strides[0]];
        const base = (n * O + o) * P;
        for (let i = 0; i < P; i++) out[base + i] += b;
      }
    }
  }
  return out;
}

/** Backend.conv2dBackwardInput: dx = col2im(W^T @ dout), one sample and group at a time. */
export function conv2dBackwardInputJs(grad: V, w: V, inputShape: readonly number[], p: Conv2dParams): FloatArray {
  const g = geometry(inputShape, w.shape, p);
  const { N, C, H, W, O, G, Cg, Og, P, K, pointwise } = g;
  const dx = allocArray(grad.dtype, N * C * H * W) as FloatArray;
  if (dx.length === 0 || P === 0) return dx;
  const [gd, gOff] = dense(grad);
  const [wd, wOff] = dense(w);
  if (g.direct) {
    conv2dBackwardInputDirect(gd, gOff, wd, wOff, g, dx);
    return dx;
  }
  const colGrad = pointwise ? null : colScratch(grad.dtype, K * P);
  for (let n = 0; n < N; n++) {
    for (let gi = 0; gi < G; gi++) {
      const gBase = gOff + (n * O + gi * Og) * P;
      const xBase = (n * C + gi * Cg) * H * W;
      if (colGrad === null) {
        // 1x1, stride 1, no padding: P = H * W, and W^T @ dout is this group's slice of dx itself.
        matmulStrided(wd, wOff + gi * Og * K, 0, 1, K, gd, gBase, 0, P, 1, dx.subarray(xBase, xBase + Cg * P), 1, K, P, Og);
      } else {
        matmulStrided(wd, wOff + gi * Og * K, 0, 1, K, gd, gBase, 0, P, 1, colGrad, 1, K, P, Og);
        col2im(colGrad, dx, xBase, g);
      }
    }
  }
  return dx;
}

/** Backend.conv2dBackwardWeight: dW[g] = sum over samples of dout[g] @ col^T, summed in doubles. */
export function conv2dBackwardWeightJs(grad: V, x: V, weightShape: readonly number[], p: Conv2dParams): FloatArray {
  const g = geometry(x.shape, weightShape, p);
  const { N, O, G, Cg, Og, P, K, pointwise } = g;
  const dw = allocArray(x.dtype, O * K) as FloatArray;
  if (dw.length === 0 || N * P === 0) return dw;
  const [gd, gOff] = dense(grad);
  const xd = x.storage.data as FloatArray;
  if (g.direct) {
    conv2dBackwardWeightDirect(gd, gOff, xd, x, g, dw);
    return dw;
  }
  const [sN, sC, sH, sW] = x.strides;
  const inPlace = pointwise && (g.H === 1 || sH === g.W * sW);
  const col = inPlace ? null : colScratch(x.dtype, K * P);
  const tmp = tmpScratch(x.dtype, Og * K);
  // One sample needs no accumulator: the product is written straight into dW.
  const acc = N === 1 ? null : new Float64Array(O * K);
  for (let n = 0; n < N; n++) {
    for (let gi = 0; gi < G; gi++) {
      const gBase = gOff + (n * O + gi * Og) * P;
      const xBase = x.offset + n * sN + gi * Cg * sC;
      const w0 = gi * Og * K;
      const dst = acc === null ? dw.subarray(w0, w0 + Og * K) : tmp;
      if (col === null) {
        matmulStrided(gd, gBase, 0, P, 1, xd, xBase, 0, sW, sC, dst, 1, Og, K, P);
      } else {
        im2col(xd, xBase, sC, sH, sW, g, col);
        matmulStrided(gd, gBase, 0, P, 1, col, 0, 0, 1, P, dst, 1, Og, K, P);
      }
      if (acc !== null) for (let i = 0, n2 = Og * K; i < n2; i++) acc[w0 + i] += tmp[i];
    }
  }
  if (acc !== null) dw.set(acc);
  return dw;
}
