/**
 * Batched, strided matrix multiply for the pure-TypeScript backend.
 *
 * V8 does not vectorise, so speed comes from keeping the scalar pipeline busy:
 *
 * - Both operands are packed into contiguous Float64Array scratch (module-level, grown on demand and
 *   reused across calls) in the order the micro-kernel reads them. This turns any stride pattern
 *   (transposed, broadcast, sliced views) into unit-stride reads, converts float32 to double once per
 *   element instead of once per multiply-add, and means the micro-kernel only ever sees Float64Array
 *   operands, so its element loads stay monomorphic.
 * - A 4x4 register-blocked micro-kernel keeps 16 accumulators of C in local variables across the
 *   whole K loop: 8 loads feed 16 multiply-adds, and every C element is written exactly once.
 * - N and M are blocked (B panel of up to NC columns, A block of up to MC rows) so that one packed
 *   4-column sliver of B stays in L1 while it is swept down the A block, which stays in L2.
 *   K is deliberately not blocked: at the rate scalar code consumes data, streaming the A strip
 *   and B sliver from L2 costs nothing measurable, and an unblocked K means each output is summed
 *   in one pass, in double precision and in ascending k, then rounded once when stored. That makes
 *   float64 results bit-identical to a naive ascending-k loop and float32 results correctly rounded
 *   sums of double products (more accurate than float32 BLAS).
 * - Products with one or two rows or columns (matrix-vector and the like), where packing would copy
 *   the matrix operand only to read it once or twice, are done as unpacked matrix-vector loops,
 *   still accumulating in doubles. Everything else is packed, however small: measured, packing
 *   wins from 4x4x4 up and ties at M or N = 3.
 *
 * Everything is synchronous and single-threaded; the shared scratch is safe because no user code
 * runs while a multiply is in progress.
 */

export type FloatArray = Float32Array | Float64Array;

/**
 * Rows of A per packed block and columns of B per packed panel. They bound the scratch to
 * (MC + NC) * K doubles and keep the working set cache-friendly; measured throughput is flat from
 * 32/128 up to no blocking at all (scalar code is compute-bound), so they are not tuning-critical.
 * NC covers every N in the library's typical shapes, so B is packed once per call.
 */
const MC = 64;
const NC = 256;
/** Products with at most this many rows or columns are done as matrix-vector products, unpacked. */
const VECTOR_MAX = 2;
/**
 * The micro-kernel masks its packed offsets and K to 30 and 24 bits so TurboFan can prove the index
 * arithmetic never overflows int32 and drop the overflow checks from the inner loop. These bounds
 * keep the masks lossless; shapes beyond them (not realistically allocatable) use a plain loop.
 */
const MAX_PACKED_K = 0xffffff;
const MAX_PACKED_ELEMS = 0x3fffffff;

/**
 * Packed operands: the A block at [0, mc*K) and the B panel after it. One array rather than two
 * because V8 re-checks a typed array's map and reloads its data pointer on every loop iteration for
 * every array the loop reads; sharing one array halves that overhead in the micro-kernel (~8%).
 */
let pack: Float64Array = new Float64Array(0);
/** Double accumulator row for the vector-product axpy loop (rounded once when copied to float32 out). */
let rowAcc: Float64Array = new Float64Array(0);
/** Holds a computed 4x4 tile while its in-bounds part is copied out at the ragged M/N edges. */
const edgeTile = new Float64Array(16);

/** Grows scratch geometrically so a sequence of slightly larger shapes does not reallocate each call. */
function grown(buf: Float64Array, size: number): Float64Array {
  if (buf.length >= size) return buf;
  return new Float64Array(Math.max(size, buf.length * 2, 1024));
}

function checkInt(name: string, v: number, nonNegative: boolean): void {
  if (!Number.isInteger(v) || (nonNegative && v < 0)) {
    throw new RangeError(`matmulStrided: ${name} must be a ${nonNegative ? 'non-negative ' : ''}integer, got ${v}`);
  }
}

/**
 * Throws unless every element the strides can address lies inside `arr`. Out-of-range typed-array
 * reads yield undefined (NaN after arithmetic) silently, so a bad view would otherwise corrupt results
 * without an error.
 */
function checkExtent(name: string, arr: FloatArray, off: number, batch: number, bs: number,
  rows: number, rs: number, cols: number, cs: number): void {
  const s0 = (batch - 1) * bs, s1 = (rows - 1) * rs, s2 = (cols - 1) * cs;
  const lo = off + Math.min(s0, 0) + Math.min(s1, 0) + Math.min(s2, 0);
  const hi = off + Math.max(s0, 0) + Math.max(s1, 0) + Math.max(s2, 0);
  if (lo < 0 || hi >= arr.length) {
    throw new RangeError(`matmulStrided: ${name} view addresses elements ${lo}..${hi} but its array has length ${arr.length}`);
  }
}

/**
 * out[b] = A[b] @ B[b] for b in 0..batch-1, where A[b] is M x K and B[b] is K x N, read through arbitrary element strides
 * (so transposed and broadcast views need no copy by the caller), and out is a dense contiguous [batch, M, N] array.
 *
 * `out` is overwritten (its first batch*M*N elements; the rest is untouched) and must not overlap `a`
 * or `b`. Sums are accumulated in double precision and rounded once into `out`. Throws RangeError
 * for non-integer sizes, strides or offsets, a view that reaches outside its array, or a short `out`.
 */
export function matmulStrided(
  a: FloatArray, aOffset: number, aBatchStride: number, aRowStride: number, aColStride: number,
  b: FloatArray, bOffset: number, bBatchStride: number, bRowStride: number, bColStride: number,
  out: FloatArray, batch: number, M: number, N: number, K: number,
): void {
  checkInt('batch', batch, true); checkInt('M', M, true); checkInt('N', N, true); checkInt('K', K, true);
  checkInt('aOffset', aOffset, true); checkInt('bOffset', bOffset, true);
  checkInt('aBatchStride', aBatchStride, false); checkInt('aRowStride', aRowStride, false); checkInt('aColStride', aColStride, false);
  checkInt('bBatchStride', bBatchStride, false); checkInt('bRowStride', bRowStride, false); checkInt('bColStride', bColStride, false);
  const total = batch * M * N;
  if (out.length < total) throw new RangeError(`matmulStrided: out has length ${out.length}, need ${total}`);
  if (total === 0) return;
  if (K === 0) { out.fill(0, 0, total); return; }
  checkExtent('A', a, aOffset, batch, aBatchStride, M, aRowStride, K, aColStride);
  checkExtent('B', b, bOffset, batch, bBatchStride, K, bRowStride, N, bColStride);

  const all32 = a instanceof Float32Array && b instanceof Float32Array && out instanceof Float32Array;
  const all64 = a instanceof Float64Array && b instanceof Float64Array && out instanceof Float64Array;
  if ((M <= VECTOR_MAX || N <= VECTOR_MAX) && (all32 || all64)) {
    for (let bi = 0; bi < batch; bi++) {
      const aBase = aOffset + bi * aBatchStride, bBase = bOffset + bi * bBatchStride, o = bi * M * N;
      if (M <= N) {
        // Row i of out = (row i of A) @ B: x = A's row, W = B, k along B's rows.
        for (let i = 0; i < M; i++) {
          const ai = aBase + i * aRowStride, oi = o + i * N;
          if (all32) gemv32(a as Float32Array, ai, aColStride, b as Float32Array, bBase, bRowStride, bColStride, out as Float32Array, oi, 1, N, K);
          else gemv64(a as Float64Array, ai, aColStride, b as Float64Array, bBase, bRowStride, bColStride, out as Float64Array, oi, 1, N, K);
        }
      } else {
        // Column j of out = A @ (column j of B): x = B's column, W = A^T, k along A's columns.
        for (let j = 0; j < N; j++) {
          const bj = bBase + j * bColStride, oj = o + j;
          if (all32) gemv32(b as Float32Array, bj, bRowStride, a as Float32Array, aBase, aColStride, aRowStride, out as Float32Array, oj, N, M, K);
          else gemv64(b as Float64Array, bj, bRowStride, a as Float64Array, aBase, aColStride, aRowStride, out as Float64Array, oj, N, M, K);
        }
      }
    }
    return;
  }

  const mc0 = Math.min(MC, (M + 3) & ~3), nc0 = Math.min(NC, (N + 3) & ~3);
  if (K > MAX_PACKED_K || mc0 * K > MAX_PACKED_ELEMS || nc0 * K > MAX_PACKED_ELEMS) {
    for (let bi = 0; bi < batch; bi++) {
      naiveAny(a, aOffset + bi * aBatchStride, aRowStride, aColStride, b, bOffset + bi * bBatchStride, bRowStride, bColStride,
        out, bi * M * N, M, N, K);
    }
    return;
  }

  pack = grown(pack, (mc0 + nc0) * K);
  const sp = pack, bOff = mc0 * K;
  // A broadcast operand whose whole matrix fits in one packed block is packed once for all batches.
  const reuseA = aBatchStride === 0 && M <= MC && N <= NC;
  const reuseB = bBatchStride === 0 && N <= NC;
  const out32 = out instanceof Float32Array;
  for (let bi = 0; bi < batch; bi++) {
    const aBase = aOffset + bi * aBatchStride, bBase = bOffset + bi * bBatchStride, oBase = bi * M * N;
    for (let jc = 0; jc < N; jc += NC) {
      const nc = Math.min(NC, N - jc);
      if (bi === 0 || !reuseB) {
        // B's columns are the "lines" packed four at a time; k steps along its rows.
        if (b instanceof Float32Array) packStrips32(b, bBase + jc * bColStride, bColStride, bRowStride, nc, K, sp, bOff);
        else packStrips64(b, bBase + jc * bColStride, bColStride, bRowStride, nc, K, sp, bOff);
      }
      for (let ic = 0; ic < M; ic += MC) {
        const mc = Math.min(MC, M - ic);
        if (bi === 0 || !reuseA) {
          if (a instanceof Float32Array) packStrips32(a, aBase + ic * aRowStride, aRowStride, aColStride, mc, K, sp, 0);
          else packStrips64(a, aBase + ic * aRowStride, aRowStride, aColStride, mc, K, sp, 0);
        }
        const cBase = oBase + ic * N + jc;
        if (out32) block32(sp, bOff, out as Float32Array, cBase, N, mc, nc, K);
        else block64(sp, bOff, out as Float64Array, cBase, N, mc, nc, K);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Packing. A block of `lines` lines (rows of A, or columns of B), each `len` long, is stored as
// strips of 4 lines: dst[dOff + s*4*len + 4*k + l] = line (4s + l), element k. A ragged last strip is
// zero-padded so the micro-kernel never needs a partial-width code path. The float32 and float64
// copies are identical apart from the source type; keeping them separate keeps each load site
// monomorphic (one elements kind), which V8 compiles to a plain load plus conversion.
// ---------------------------------------------------------------------------------------------

function packStrips64(src: Float64Array, base: number, lineStride: number, stepStride: number,
  lines: number, len: number, dst: Float64Array, dOff: number): void {
  let d = dOff;
  for (let l0 = 0; l0 < lines; l0 += 4) {
    const p0 = base + l0 * lineStride;
    const n = lines - l0;
    if (n >= 4) {
      const s1 = lineStride, s2 = 2 * lineStride, s3 = 3 * lineStride;
      for (let k = 0, p = p0; k < len; k++, p += stepStride) {
        dst[d] = src[p]; dst[d + 1] = src[p + s1]; dst[d + 2] = src[p + s2]; dst[d + 3] = src[p + s3];
        d += 4;
      }
    } else {
      for (let k = 0, p = p0; k < len; k++, p += stepStride) {
        dst[d] = src[p];
        dst[d + 1] = n > 1 ? src[p + lineStride] : 0;
        dst[d + 2] = n > 2 ? src[p + 2 * lineStride] : 0;
        dst[d + 3] = 0;
        d += 4;
      }
    }
  }
}

function packStrips32(src: Float32Array, base: number, lineStride: number, stepStride: number,
  lines: number, len: number, dst: Float64Array, dOff: number): void {
  let d = dOff;
  for (let l0 = 0; l0 < lines; l0 += 4) {
    const p0 = base + l0 * lineStride;
    const n = lines - l0;
    if (n >= 4) {
      const s1 = lineStride, s2 = 2 * lineStride, s3 = 3 * lineStride;
      for (let k = 0, p = p0; k < len; k++, p += stepStride) {
        dst[d] = src[p]; dst[d + 1] = src[p + s1]; dst[d + 2] = src[p + s2]; dst[d + 3] = src[p + s3];
        d += 4;
      }
    } else {
      for (let k = 0, p = p0; k < len; k++, p += stepStride) {
        dst[d] = src[p];
        dst[d + 1] = n > 1 ? src[p + lineStride] : 0;
        dst[d + 2] = n > 2 ? src[p + 2 * lineStride] : 0;
        dst[d + 3] = 0;
        d += 4;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Block drivers: sweep each packed 4-column sliver of B (kept hot in L1) down all 4-row strips of
// the packed A block. A strip starts at (its first row) * K, a sliver at bOff + (its first column) * K.
// ---------------------------------------------------------------------------------------------

function block64(sp: Float64Array, bOff: number, c: Float64Array, cBase: number, ldc: number,
  mc: number, nc: number, K: number): void {
  for (let jr = 0; jr < nc; jr += 4) {
    const nr = Math.min(4, nc - jr);
    for (let ir = 0; ir < mc; ir += 4) {
      kernel64(sp, ir * K, bOff + jr * K, K, c, cBase + ir * ldc + jr, ldc, Math.min(4, mc - ir), nr);
    }
  }
}

function block32(sp: Float64Array, bOff: number, c: Float32Array, cBase: number, ldc: number,
  mc: number, nc: number, K: number): void {
  for (let jr = 0; jr < nc; jr += 4) {
    const nr = Math.min(4, nc - jr);
    for (let ir = 0; ir < mc; ir += 4) {
      kernel32(sp, ir * K, bOff + jr * K, K, c, cBase + ir * ldc + jr, ldc, Math.min(4, mc - ir), nr);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Micro-kernels: C[0..mr, 0..nr] = (4 packed rows of A) @ (4 packed columns of B) over K.
// Measured on Node 20: tiles from 2x4 to 6x4 and 4x8, with or without k-unrolling, all land within
// noise of each other (~4.5 GFLOP/s peak): bigger tiles save loads but spill accumulators to the
// stack (x64 has 16 XMM registers). 4x4 wastes least on the ragged edges of the library's small
// shapes (N = 27, M = 30). The two copies differ only in the type of C, so each store site is
// monomorphic; the float32 one rounds the double accumulator exactly once.
// ---------------------------------------------------------------------------------------------

function kernel64(sp: Float64Array, pa: number, pb: number, K: number,
  c: Float64Array, pc: number, ldc: number, mr: number, nr: number): void {
  pa &= 0x3fffffff; pb &= 0x3fffffff; K &= 0xffffff;
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let k = 0; k < K; k++) {
    const o = pa + (k << 2), q = pb + (k << 2);
    const a0 = sp[o], a1 = sp[o + 1], a2 = sp[o + 2], a3 = sp[o + 3];
    let v = sp[q];
    c00 += a0 * v; c10 += a1 * v; c20 += a2 * v; c30 += a3 * v;
    v = sp[q + 1];
    c01 += a0 * v; c11 += a1 * v; c21 += a2 * v; c31 += a3 * v;
    v = sp[q + 2];
    c02 += a0 * v; c12 += a1 * v; c22 += a2 * v; c32 += a3 * v;
    v = sp[q + 3];
    c03 += a0 * v; c13 += a1 * v; c23 += a2 * v; c33 += a3 * v;
  }
  if (mr === 4 && nr === 4) {
    c[pc] = c00; c[pc + 1] = c01; c[pc + 2] = c02; c[pc + 3] = c03; pc += ldc;
    c[pc] = c10; c[pc + 1] = c11; c[pc + 2] = c12; c[pc + 3] = c13; pc += ldc;
    c[pc] = c20; c[pc + 1] = c21; c[pc + 2] = c22; c[pc + 3] = c23; pc += ldc;
    c[pc] = c30; c[pc + 1] = c31; c[pc + 2] = c32; c[pc + 3] = c33;
    return;
  }
  const t = edgeTile;
  t[0] = c00; t[1] = c01; t[2] = c02; t[3] = c03; t[4] = c10; t[5] = c11; t[6] = c12; t[7] = c13;
  t[8] = c20; t[9] = c21; t[10] = c22; t[11] = c23; t[12] = c30; t[13] = c31; t[14] = c32; t[15] = c33;
  for (let r = 0; r < mr; r++, pc += ldc) for (let j = 0; j < nr; j++) c[pc + j] = t[4 * r + j];
}

function kernel32(sp: Float64Array, pa: number, pb: number, K: number,
  c: Float32Array, pc: number, ldc: number, mr: number, nr: number): void {
  pa &= 0x3fffffff; pb &= 0x3fffffff; K &= 0xffffff;
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let k = 0; k < K; k++) {
    const o = pa + (k << 2), q = pb + (k << 2);
    const a0 = sp[o], a1 = sp[o + 1], a2 = sp[o + 2], a3 = sp[o + 3];
    let v = sp[q];
    c00 += a0 * v; c10 += a1 * v; c20 += a2 * v; c30 += a3 * v;
    v = sp[q + 1];
    c01 += a0 * v; c11 += a1 * v; c21 += a2 * v; c31 += a3 * v;
    v = sp[q + 2];
    c02 += a0 * v; c12 += a1 * v; c22 += a2 * v; c32 += a3 * v;
    v = sp[q + 3];
    c03 += a0 * v; c13 += a1 * v; c23 += a2 * v; c33 += a3 * v;
  }
  if (mr === 4 && nr === 4) {
    c[pc] = c00; c[pc + 1] = c01; c[pc + 2] = c02; c[pc + 3] = c03; pc += ldc;
    c[pc] = c10; c[pc + 1] = c11; c[pc + 2] = c12; c[pc + 3] = c13; pc += ldc;
    c[pc] = c20; c[pc + 1] = c21; c[pc + 2] = c22; c[pc + 3] = c23; pc += ldc;
    c[pc] = c30; c[pc + 1] = c31; c[pc + 2] = c32; c[pc + 3] = c33;
    return;
  }
  const t = edgeTile;
  t[0] = c00; t[1] = c01; t[2] = c02; t[3] = c03; t[4] = c10; t[5] = c11; t[6] = c12; t[7] = c13;
  t[8] = c20; t[9] = c21; t[10] = c22; t[11] = c23; t[12] = c30; t[13] = c31; t[14] = c32; t[15] = c33;
  for (let r = 0; r < mr; r++, pc += ldc) for (let j = 0; j < nr; j++) c[pc + j] = t[4 * r + j];
}

// ---------------------------------------------------------------------------------------------
// Matrix-vector products, used one output row (M <= 2) or column (N <= 2) at a time. Packing would
// copy the whole matrix operand to use it once or twice, and the 4x4 tile would mostly multiply
// padding, so these read the operands in place. Both cases are y[t] = sum_k x[k] * W[k, t] for t < T:
// for an output row, x is A's row and W is B; for an output column, x is B's column and W is A
// transposed. Two loop orders, picked so the inner loop walks W along its smaller stride:
//  - axpy: W's t-direction is the close one (e.g. row-major B): four k at a time are folded into a
//    double accumulator row as ((((acc + x0 w0) + x1 w1) + x2 w2) + x3 w3), the same ascending-k
//    summation as the packed path, then rounded once into y;
//  - dot: W's k-direction is the close one (e.g. row-major A for an output column): four outputs at
//    a time, each a double accumulator over k.
// ---------------------------------------------------------------------------------------------

function gemv64(x: Float64Array, xBase: number, xK: number, w: Float64Array, wBase: number, wK: number, wT: number,
  y: Float64Array, yBase: number, yT: number, T: number, K: number): void {
  if (Math.abs(wT) <= Math.abs(wK) && T > 1) {
    rowAcc = grown(rowAcc, T);
    const acc = rowAcc;
    acc.fill(0, 0, T);
    const o1 = wK, o2 = 2 * wK, o3 = 3 * wK;
    let k = 0;
    for (; k + 4 <= K; k += 4) {
      const px = xBase + k * xK;
      const x0 = x[px], x1 = x[px + xK], x2 = x[px + 2 * xK], x3 = x[px + 3 * xK];
      for (let t = 0, p = wBase + k * wK; t < T; t++, p += wT) {
        acc[t] = acc[t] + x0 * w[p] + x1 * w[p + o1] + x2 * w[p + o2] + x3 * w[p + o3];
      }
    }
    for (; k < K; k++) {
      const xv = x[xBase + k * xK];
      for (let t = 0, p = wBase + k * wK; t < T; t++, p += wT) acc[t] += xv * w[p];
    }
    for (let t = 0, py = yBase; t < T; t++, py += yT) y[py] = acc[t];
    return;
  }
  const o1 = wT, o2 = 2 * wT, o3 = 3 * wT;
  let t = 0;
  for (; t + 4 <= T; t += 4) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let k = 0, p = wBase + t * wT, px = xBase; k < K; k++, p += wK, px += xK) {
      const xv = x[px];
      s0 += xv * w[p]; s1 += xv * w[p + o1]; s2 += xv * w[p + o2]; s3 += xv * w[p + o3];
    }
    const py = yBase + t * yT;
    y[py] = s0; y[py + yT] = s1; y[py + 2 * yT] = s2; y[py + 3 * yT] = s3;
  }
  for (; t < T; t++) {
    let s = 0;
    for (let k = 0, p = wBase + t * wT, px = xBase; k < K; k++, p += wK, px += xK) s += x[px] * w[p];
    y[yBase + t * yT] = s;
  }
}

function gemv32(x: Float32Array, xBase: number, xK: number, w: Float32Array, wBase: number, wK: number, wT: number,
  y: Float32Array, yBase: number, yT: number, T: number, K: number): void {
  if (Math.abs(wT) <= Math.abs(wK) && T > 1) {
    rowAcc = grown(rowAcc, T);
    const acc = rowAcc;
    acc.fill(0, 0, T);
    const o1 = wK, o2 = 2 * wK, o3 = 3 * wK;
    let k = 0;
    for (; k + 4 <= K; k += 4) {
      const px = xBase + k * xK;
      const x0 = x[px], x1 = x[px + xK], x2 = x[px + 2 * xK], x3 = x[px + 3 * xK];
      for (let t = 0, p = wBase + k * wK; t < T; t++, p += wT) {
        acc[t] = acc[t] + x0 * w[p] + x1 * w[p + o1] + x2 * w[p + o2] + x3 * w[p + o3];
      }
    }
    for (; k < K; k++) {
      const xv = x[xBase + k * xK];
      for (let t = 0, p = wBase + k * wK; t < T; t++, p += wT) acc[t] += xv * w[p];
    }
    for (let t = 0, py = yBase; t < T; t++, py += yT) y[py] = acc[t];
    return;
  }
  const o1 = wT, o2 = 2 * wT, o3 = 3 * wT;
  let t = 0;
  for (; t + 4 <= T; t += 4) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let k = 0, p = wBase + t * wT, px = xBase; k < K; k++, p += wK, px += xK) {
      const xv = x[px];
      s0 += xv * w[p]; s1 += xv * w[p + o1]; s2 += xv * w[p + o2]; s3 += xv * w[p + o3];
    }
    const py = yBase + t * yT;
    y[py] = s0; y[py + yT] = s1; y[py + 2 * yT] = s2; y[py + 3 * yT] = s3;
  }
  for (; t < T; t++) {
    let s = 0;
    for (let k = 0, p = wBase + t * wT, px = xBase; k < K; k++, p += wK, px += xK) s += x[px] * w[p];
    y[yBase + t * yT] = s;
  }
}

/**
 * Plain dot-product loop over any mix of element types. Only reached outside the documented
 * contract (inputs and output of different float types) for vector products, or for shapes too
 * large for the packed path's index masks; correctness, not speed, is the point.
 */
function naiveAny(a: FloatArray, aBase: number, aRS: number, aCS: number, b: FloatArray, bBase: number,
  bRS: number, bCS: number, out: FloatArray, o: number, M: number, N: number, K: number): void {
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0, pa = aBase + i * aRS, pb = bBase + j * bCS; k < K; k++, pa += aCS, pb += bRS) s += a[pa] * b[pb];
      out[o++] = s;
    }
  }
}
