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
 * - A 2x2 register-blocked micro-kernel, unrolled twice over k, keeps its accumulators in local
 *   variables across the whole K loop and writes every C element exactly once. It is deliberately
 *   small: anything bigger makes TurboFan spill accumulators to the stack, which turns each
 *   multiply-add into a load/add/store chain through memory (see the block kernels for numbers).
 * - N and M are blocked (B panel of up to NC columns, A block of up to MC rows) so that one packed
 *   2-column sliver of B stays in L1 while it is swept down the A block.
 *   K is deliberately not blocked: at the rate scalar code consumes data, streaming the A and B
 *   slivers from L2 costs nothing measurable, and an unblocked K means each output is summed
 *   in one pass, in double precision and in ascending k, then rounded once when stored. That makes
 *   float64 results bit-identical to a naive ascending-k loop and float32 results correctly rounded
 *   sums of double products (more accurate than float32 BLAS).
 * - Products with one or two rows or columns (matrix-vector and the like), where packing would copy
 *   the matrix operand only to read it once or twice, are done as unpacked matrix-vector loops,
 *   still accumulating in doubles. Everything else is packed, however small: measured, packing
 *   wins from 4x4x4 up and ties with the unpacked loops at M or N = 3.
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
 * The block kernels mask packed offsets and K to 30 and 24 bits so TurboFan can prove the index
 * arithmetic never overflows int32 and drop the overflow checks from the inner loop. These bounds
 * keep the masks lossless; shapes beyond them (not realistically allocatable) use a plain loop.
 */
const MAX_PACKED_K = 0xffffff;
const MAX_PACKED_ELEMS = 0x3fffffff;

/**
 * Packed operands: the A block at [0, mc0*K) and the B panel after it. One array rather than two
 * because V8 re-checks a typed array's map and reloads its data pointer on every loop iteration for
 * every array the loop reads; sharing one array halves that overhead in the micro-kernel (~8%).
 */
let pack: Float64Array = new Float64Array(0);
/** Double accumulator row for the vector-product axpy loop (rounded once when copied to float32 out). */
let rowAcc: Float64Array = new Float64Array(0);

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

  const mc0 = Math.min(MC, (M + 1) & ~1), nc0 = Math.min(NC, (N + 1) & ~1);
  if (K > MAX_PACKED_K || (mc0 + nc0) * K > MAX_PACKED_ELEMS) {
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
        // B's columns are the "lines" packed in pairs; k steps along its rows.
        if (b instanceof Float32Array) packPairs32(b, bBase + jc * bColStride, bColStride, bRowStride, nc, K, sp, bOff);
        else packPairs64(b, bBase + jc * bColStride, bColStride, bRowStride, nc, K, sp, bOff);
      }
      for (let ic = 0; ic < M; ic += MC) {
        const mc = Math.min(MC, M - ic);
        if (bi === 0 || !reuseA) {
          if (a instanceof Float32Array) packPairs32(a, aBase + ic * aRowStride, aRowStride, aColStride, mc, K, sp, 0);
          else packPairs64(a, aBase + ic * aRowStride, aRowStride, aColStride, mc, K, sp, 0);
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
// pairs of lines interleaved along k: dst[dOff + s*2*len + 2*k + l] = line (2s + l), element k.
// An odd last line is paired with zeros: the micro-kernel computes the padded lane like any other
// (no one-wide code path) and simply does not store it; zeros rather than stale scratch keep that
// discarded work free of NaNs and slow denormals. The float32 and float64 copies are identical
// apart from the source type; keeping them separate keeps each load site monomorphic (one elements
// kind), which V8 compiles to a plain load (+ conversion).
// ---------------------------------------------------------------------------------------------

function packPairs64(src: Float64Array, base: number, lineStride: number, stepStride: number,
  lines: number, len: number, dst: Float64Array, dOff: number): void {
  let d = dOff;
  for (let l0 = 0; l0 < lines; l0 += 2) {
    const p0 = base + l0 * lineStride;
    if (lines - l0 >= 2) {
      for (let k = 0, p = p0; k < len; k++, p += stepStride) { dst[d] = src[p]; dst[d + 1] = src[p + lineStride]; d += 2; }
    } else {
      for (let k = 0, p = p0; k < len; k++, p += stepStride) { dst[d] = src[p]; dst[d + 1] = 0; d += 2; }
    }
  }
}

function packPairs32(src: Float32Array, base: number, lineStride: number, stepStride: number,
  lines: number, len: number, dst: Float64Array, dOff: number): void {
  let d = dOff;
  for (let l0 = 0; l0 < lines; l0 += 2) {
    const p0 = base + l0 * lineStride;
    if (lines - l0 >= 2) {
      for (let k = 0, p = p0; k < len; k++, p += stepStride) { dst[d] = src[p]; dst[d + 1] = src[p + lineStride]; d += 2; }
    } else {
      for (let k = 0, p = p0; k < len; k++, p += stepStride) { dst[d] = src[p]; dst[d + 1] = 0; d += 2; }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Block kernels: C[mc x nc] = (packed A block) @ (packed B panel), as 2x2 tiles of C. Each packed
// 2-column sliver of B (kept hot in L1) is swept down all row pairs of the packed A block; a row
// pair starts at (its first row) * K, a sliver at bOff + (its first column) * K.
//
// Why 2x2 tiles with k unrolled twice: V8 keeps only about 15 doubles in registers (x64 has 16 XMM
// registers), and TurboFan hoists all of an iteration's loads to its top. A 4x4 tile (16
// accumulators + 8 operands) therefore spills accumulators to the stack, and a spilled `c += a*b` is
// load, add, store, with the next iteration's load waiting on that store: a chain through memory
// that caps the loop however many independent accumulators there are. 2x2 unrolled x2 holds 4
// accumulators + 8 operands, no spills. Measured by CPU time, paired runs, on the target machine
// (Zen 3, Node 20): in isolated micro-kernels, 2x2 x2 was the fastest of 1x4 .. 6x4, 4x8 with
// unroll 1 .. 4 (+38% over 4x4; 4x2 or 3x2 x2 +15%; 2x2 without unrolling -10%); in this file,
// with the bounds checks and per-iteration typed-array checks that dynamic sizes bring, it runs at
// ~5 GFLOP/s, 0-7% ahead of the 4x4 version it replaced on the library's shapes. The micro-kernel is
// written inline in the block loop so the short K of the library's small layers (27 to 32) is not
// dominated by call overhead.
//
// The packed offsets and K are masked to 30 and 24 bits so TurboFan can prove the index arithmetic
// never overflows int32 and drops the overflow checks from the inner loop (the caller guarantees
// the bounds, see MAX_PACKED_K and MAX_PACKED_ELEMS). Each accumulator sums its k terms in
// ascending order in double precision, and is stored once: the float32 copy rounds exactly once.
// The two copies differ only in the type of C, so each store site is monomorphic.
// ---------------------------------------------------------------------------------------------

function block64(sp: Float64Array, bOff: number, c: Float64Array, cBase: number, ldc: number,
  mc: number, nc: number, K: number): void {
  K &= 0xffffff;
  const kEven = K & ~1;
  for (let jr = 0; jr < nc; jr += 2) {
    const pb = (bOff + jr * K) & 0x3fffffff;
    const col2 = jr + 1 < nc;
    for (let ir = 0; ir < mc; ir += 2) {
      const pa = (ir * K) & 0x3fffffff;
      let c00 = 0, c01 = 0, c10 = 0, c11 = 0;
      let k = 0;
      for (; k < kEven; k += 2) {
        const o = pa + 2 * k, q = pb + 2 * k;
        const a0 = sp[o], a1 = sp[o + 1], b0 = sp[q], b1 = sp[q + 1];
        const a2 = sp[o + 2], a3 = sp[o + 3], b2 = sp[q + 2], b3 = sp[q + 3];
        c00 += a0 * b0; c01 += a0 * b1; c10 += a1 * b0; c11 += a1 * b1;
        c00 += a2 * b2; c01 += a2 * b3; c10 += a3 * b2; c11 += a3 * b3;
      }
      if (k < K) {
        const o = pa + 2 * k, q = pb + 2 * k;
        const a0 = sp[o], a1 = sp[o + 1], b0 = sp[q], b1 = sp[q + 1];
        c00 += a0 * b0; c01 += a0 * b1; c10 += a1 * b0; c11 += a1 * b1;
      }
      const p = cBase + ir * ldc + jr;
      c[p] = c00;
      if (col2) c[p + 1] = c01;
      if (ir + 1 < mc) {
        c[p + ldc] = c10;
        if (col2) c[p + ldc + 1] = c11;
      }
    }
  }
}

function block32(sp: Float64Array, bOff: number, c: Float32Array, cBase: number, ldc: number,
  mc: number, nc: number, K: number): void {
  K &= 0xffffff;
  const kEven = K & ~1;
  for (let jr = 0; jr < nc; jr += 2) {
    const pb = (bOff + jr * K) & 0x3fffffff;
    const col2 = jr + 1 < nc;
    for (let ir = 0; ir < mc; ir += 2) {
      const pa = (ir * K) & 0x3fffffff;
      let c00 = 0, c01 = 0, c10 = 0, c11 = 0;
      let k = 0;
      for (; k < kEven; k += 2) {
        const o = pa + 2 * k, q = pb + 2 * k;
        const a0 = sp[o], a1 = sp[o + 1], b0 = sp[q], b1 = sp[q + 1];
        const a2 = sp[o + 2], a3 = sp[o + 3], b2 = sp[q + 2], b3 = sp[q + 3];
        c00 += a0 * b0; c01 += a0 * b1; c10 += a1 * b0; c11 += a1 * b1;
        c00 += a2 * b2; c01 += a2 * b3; c10 += a3 * b2; c11 += a3 * b3;
      }
      if (k < K) {
        const o = pa + 2 * k, q = pb + 2 * k;
        const a0 = sp[o], a1 = sp[o + 1], b0 = sp[q], b1 = sp[q + 1];
        c00 += a0 * b0; c01 += a0 * b1; c10 += a1 * b0; c11 += a1 * b1;
      }
      const p = cBase + ir * ldc + jr;
      c[p] = c00;
      if (col2) c[p + 1] = c01;
      if (ir + 1 < mc) {
        c[p + ldc] = c10;
        if (col2) c[p + ldc + 1] = c11;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Matrix-vector products, used one output row (M <= 2) or column (N <= 2) at a time. Packing would
// copy the whole matrix operand to use it once or twice (and at M = 1 half of every 2x2 tile would
// be padding), so these read the operands in place. Both cases are y[t] = sum_k x[k] * W[k, t] for t < T:
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
