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
 * - Shapes where packing cannot pay for itself (fewer than 4 rows or columns, or very few flops)
 *   use direct strided loops instead, still accumulating in doubles.
 *
 * Everything is synchronous and single-threaded; the shared scratch is safe because no user code
 * runs while a multiply is in progress.
 */

export type FloatArray = Float32Array | Float64Array;

/** Rows of A per packed block; 64 rows x K doubles stays L2-resident for the K values we see. */
const MC = 64;
/** Columns of B per packed panel; covers every N in the library's typical shapes in one panel. */
const NC = 256;
/** Below this many multiply-adds the fixed cost of packing outweighs the faster micro-kernel. */
const DIRECT_MAX_MACS = 2048;
/**
 * The micro-kernel masks its packed offsets and K to 30 and 24 bits so TurboFan can prove the index
 * arithmetic never overflows int32 and drop the overflow checks from the inner loop. These bounds
 * keep the masks lossless; shapes beyond them (not realistically allocatable) use the direct path.
 */
const MAX_PACKED_K = 0xffffff;
const MAX_PACKED_ELEMS = 0x3fffffff;

let aPack: Float64Array = new Float64Array(0);
let bPack: Float64Array = new Float64Array(0);
/** Per-row double accumulator for the direct axpy path (rounds once when copying to float32 out). */
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

  const mc0 = Math.min(MC, (M + 3) & ~3), nc0 = Math.min(NC, (N + 3) & ~3);
  const packed = M >= 4 && N >= 4 && M * N * K > DIRECT_MAX_MACS && K <= MAX_PACKED_K &&
    mc0 * K <= MAX_PACKED_ELEMS && nc0 * K <= MAX_PACKED_ELEMS;
  if (!packed) {
    direct(a, aOffset, aBatchStride, aRowStride, aColStride, b, bOffset, bBatchStride, bRowStride, bColStride, out, batch, M, N, K);
    return;
  }

  aPack = grown(aPack, mc0 * K);
  bPack = grown(bPack, nc0 * K);
  const ap = aPack, bp = bPack;
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
        if (b instanceof Float32Array) packStrips32(b, bBase + jc * bColStride, bColStride, bRowStride, nc, K, bp);
        else packStrips64(b, bBase + jc * bColStride, bColStride, bRowStride, nc, K, bp);
      }
      for (let ic = 0; ic < M; ic += MC) {
        const mc = Math.min(MC, M - ic);
        if (bi === 0 || !reuseA) {
          if (a instanceof Float32Array) packStrips32(a, aBase + ic * aRowStride, aRowStride, aColStride, mc, K, ap);
          else packStrips64(a, aBase + ic * aRowStride, aRowStride, aColStride, mc, K, ap);
        }
        const cBase = oBase + ic * N + jc;
        if (out32) block32(ap, bp, out as Float32Array, cBase, N, mc, nc, K);
        else block64(ap, bp, out as Float64Array, cBase, N, mc, nc, K);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Packing. A block of `lines` lines (rows of A, or columns of B), each `len` long, is stored as
// strips of 4 lines: dst[s*4*len + 4*k + l] = line (4s + l), element k. A ragged last strip is
// zero-padded so the micro-kernel never needs a partial-width code path. The float32 and float64
// copies are identical apart from the source type; keeping them separate keeps each load site
// monomorphic (one elements kind), which V8 compiles to a plain load plus conversion.
// ---------------------------------------------------------------------------------------------

function packStrips64(src: Float64Array, base: number, lineStride: number, stepStride: number,
  lines: number, len: number, dst: Float64Array): void {
  let d = 0;
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
  lines: number, len: number, dst: Float64Array): void {
  let d = 0;
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
// the packed A block. Strip/sliver s starts at s*4*K, i.e. at (first row or column) * K.
// ---------------------------------------------------------------------------------------------

function block64(ap: Float64Array, bp: Float64Array, c: Float64Array, cBase: number, ldc: number,
  mc: number, nc: number, K: number): void {
  for (let jr = 0; jr < nc; jr += 4) {
    const nr = Math.min(4, nc - jr);
    for (let ir = 0; ir < mc; ir += 4) {
      kernel64(ap, ir * K, bp, jr * K, K, c, cBase + ir * ldc + jr, ldc, Math.min(4, mc - ir), nr);
    }
  }
}

function block32(ap: Float64Array, bp: Float64Array, c: Float32Array, cBase: number, ldc: number,
  mc: number, nc: number, K: number): void {
  for (let jr = 0; jr < nc; jr += 4) {
    const nr = Math.min(4, nc - jr);
    for (let ir = 0; ir < mc; ir += 4) {
      kernel32(ap, ir * K, bp, jr * K, K, c, cBase + ir * ldc + jr, ldc, Math.min(4, mc - ir), nr);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Micro-kernels: C[0..mr, 0..nr] = (4 packed rows of A) @ (4 packed columns of B) over K.
// 4x4 was the best of the tile shapes measured (2x4 .. 6x4, 4x8, k-unrolled variants): larger tiles
// spill accumulators to the stack, smaller ones spend more loads per multiply-add. The two copies
// differ only in the type of C, so each store site is monomorphic; the float32 one rounds the
// double accumulator exactly once.
// ---------------------------------------------------------------------------------------------

function kernel64(ap: Float64Array, pa: number, bp: Float64Array, pb: number, K: number,
  c: Float64Array, pc: number, ldc: number, mr: number, nr: number): void {
  pa &= 0x3fffffff; pb &= 0x3fffffff; K &= 0xffffff;
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let k = 0; k < K; k++) {
    const o = pa + (k << 2), q = pb + (k << 2);
    const a0 = ap[o], a1 = ap[o + 1], a2 = ap[o + 2], a3 = ap[o + 3];
    let v = bp[q];
    c00 += a0 * v; c10 += a1 * v; c20 += a2 * v; c30 += a3 * v;
    v = bp[q + 1];
    c01 += a0 * v; c11 += a1 * v; c21 += a2 * v; c31 += a3 * v;
    v = bp[q + 2];
    c02 += a0 * v; c12 += a1 * v; c22 += a2 * v; c32 += a3 * v;
    v = bp[q + 3];
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

function kernel32(ap: Float64Array, pa: number, bp: Float64Array, pb: number, K: number,
  c: Float32Array, pc: number, ldc: number, mr: number, nr: number): void {
  pa &= 0x3fffffff; pb &= 0x3fffffff; K &= 0xffffff;
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let k = 0; k < K; k++) {
    const o = pa + (k << 2), q = pb + (k << 2);
    const a0 = ap[o], a1 = ap[o + 1], a2 = ap[o + 2], a3 = ap[o + 3];
    let v = bp[q];
    c00 += a0 * v; c10 += a1 * v; c20 += a2 * v; c30 += a3 * v;
    v = bp[q + 1];
    c01 += a0 * v; c11 += a1 * v; c21 += a2 * v; c31 += a3 * v;
    v = bp[q + 2];
    c02 += a0 * v; c12 += a1 * v; c22 += a2 * v; c32 += a3 * v;
    v = bp[q + 3];
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
// Direct path for thin or tiny products (matrix-vector, outer products, a handful of flops), where
// packing would cost as much as the multiply. Two loop orders, picked by B's layout so the inner
// loop walks B along its smaller stride:
//  - dot  (i, j, k): B's rows are the close dimension (e.g. a transposed weight): inner loop runs
//    down a column of B;
//  - axpy (i, k, j): B's columns are the close dimension (row-major B): inner loop runs along a row
//    of B into a double accumulator row, copied (and rounded once) into out at the end.
// Mixed input/output element types (outside the documented contract) are still handled correctly,
// via the generic copies.
// ---------------------------------------------------------------------------------------------

function direct(
  a: FloatArray, aOffset: number, aBatchStride: number, aRowStride: number, aColStride: number,
  b: FloatArray, bOffset: number, bBatchStride: number, bRowStride: number, bColStride: number,
  out: FloatArray, batch: number, M: number, N: number, K: number,
): void {
  const axpy = Math.abs(bColStride) <= Math.abs(bRowStride) && N > 1;
  if (axpy) rowAcc = grown(rowAcc, N);
  const acc = rowAcc;
  const all32 = a instanceof Float32Array && b instanceof Float32Array && out instanceof Float32Array;
  const all64 = a instanceof Float64Array && b instanceof Float64Array && out instanceof Float64Array;
  for (let bi = 0; bi < batch; bi++) {
    const aBase = aOffset + bi * aBatchStride, bBase = bOffset + bi * bBatchStride, o = bi * M * N;
    if (all32) {
      if (axpy) axpy32(a, aBase, aRowStride, aColStride, b, bBase, bRowStride, bColStride, out, o, M, N, K, acc);
      else dot32(a, aBase, aRowStride, aColStride, b, bBase, bRowStride, bColStride, out, o, M, N, K);
    } else if (all64) {
      if (axpy) axpy64(a, aBase, aRowStride, aColStride, b, bBase, bRowStride, bColStride, out, o, M, N, K, acc);
      else dot64(a, aBase, aRowStride, aColStride, b, bBase, bRowStride, bColStride, out, o, M, N, K);
    } else {
      dotMixed(a, aBase, aRowStride, aColStride, b, bBase, bRowStride, bColStride, out, o, M, N, K);
    }
  }
}

function dot64(a: Float64Array, aBase: number, aRS: number, aCS: number, b: Float64Array, bBase: number,
  bRS: number, bCS: number, out: Float64Array, o: number, M: number, N: number, K: number): void {
  for (let i = 0; i < M; i++) {
    const ai = aBase + i * aRS;
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0, pa = ai, pb = bBase + j * bCS; k < K; k++, pa += aCS, pb += bRS) s += a[pa] * b[pb];
      out[o++] = s;
    }
  }
}

function dot32(a: Float32Array, aBase: number, aRS: number, aCS: number, b: Float32Array, bBase: number,
  bRS: number, bCS: number, out: Float32Array, o: number, M: number, N: number, K: number): void {
  for (let i = 0; i < M; i++) {
    const ai = aBase + i * aRS;
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0, pa = ai, pb = bBase + j * bCS; k < K; k++, pa += aCS, pb += bRS) s += a[pa] * b[pb];
      out[o++] = s;
    }
  }
}

function dotMixed(a: FloatArray, aBase: number, aRS: number, aCS: number, b: FloatArray, bBase: number,
  bRS: number, bCS: number, out: FloatArray, o: number, M: number, N: number, K: number): void {
  for (let i = 0; i < M; i++) {
    const ai = aBase + i * aRS;
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0, pa = ai, pb = bBase + j * bCS; k < K; k++, pa += aCS, pb += bRS) s += a[pa] * b[pb];
      out[o++] = s;
    }
  }
}

function axpy64(a: Float64Array, aBase: number, aRS: number, aCS: number, b: Float64Array, bBase: number,
  bRS: number, bCS: number, out: Float64Array, o: number, M: number, N: number, K: number, acc: Float64Array): void {
  for (let i = 0; i < M; i++, o += N) {
    acc.fill(0, 0, N);
    for (let k = 0, pa = aBase + i * aRS, pb0 = bBase; k < K; k++, pa += aCS, pb0 += bRS) {
      const av = a[pa];
      for (let j = 0, pb = pb0; j < N; j++, pb += bCS) acc[j] += av * b[pb];
    }
    for (let j = 0; j < N; j++) out[o + j] = acc[j];
  }
}

function axpy32(a: Float32Array, aBase: number, aRS: number, aCS: number, b: Float32Array, bBase: number,
  bRS: number, bCS: number, out: Float32Array, o: number, M: number, N: number, K: number, acc: Float64Array): void {
  for (let i = 0; i < M; i++, o += N) {
    acc.fill(0, 0, N);
    for (let k = 0, pa = aBase + i * aRS, pb0 = bBase; k < K; k++, pa += aCS, pb0 += bRS) {
      const av = a[pa];
      for (let j = 0, pb = pb0; j < N; j++, pb += bCS) acc[j] += av * b[pb];
    }
    for (let j = 0; j < N; j++) out[o + j] = acc[j];
  }
}
