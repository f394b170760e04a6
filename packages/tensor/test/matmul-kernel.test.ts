import { describe, expect, it } from 'vitest';
import { matmulStrided, type FloatArray } from '../src/backend/js/matmul-kernel';

/**
 * The kernel is checked against a naive double-precision triple loop that reads the same strided
 * views. Every element of the backing arrays (inside and outside the view) is random, so reading a
 * wrong element, skipping a padded edge or mixing up a stride shows up as a numeric mismatch.
 */

type DT = 'float32' | 'float64';
/** How a logical R x C matrix sits in memory. */
type Layout = 'row' | 'col' | 'rowPad' | 'colPad' | 'step2';

/** Small deterministic PRNG (mulberry32) so a failure reproduces exactly. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface View { arr: FloatArray; off: number; bs: number; rs: number; cs: number }

/** A random [batch, R, C] operand laid out as asked, with `broadcast` meaning batch stride 0. */
function makeView(dt: DT, batch: number, R: number, C: number, layout: Layout, broadcast: boolean,
  off: number, rand: () => number): View {
  let rs: number, cs: number, span: number;
  switch (layout) {
    case 'row': rs = C; cs = 1; span = R * C; break;
    case 'col': rs = 1; cs = R; span = R * C; break;
    case 'rowPad': rs = C + 3; cs = 1; span = R * (C + 3); break;
    case 'colPad': rs = 1; cs = R + 2; span = C * (R + 2); break;
    case 'step2': cs = 2; rs = 2 * C + 1; span = R * rs; break;
  }
  const bs = broadcast ? 0 : span + 5;
  const len = off + (broadcast ? 1 : batch) * (span + 5) + 7;
  const arr = dt === 'float32' ? new Float32Array(len) : new Float64Array(len);
  for (let i = 0; i < len; i++) arr[i] = rand() * 2 - 1;
  return { arr, off, bs, rs, cs };
}

/** Naive reference in double precision, plus the sum of |products| that bounds rounding error. */
function reference(A: View, B: View, batch: number, M: number, N: number, K: number): { ref: Float64Array; mag: Float64Array } {
  const ref = new Float64Array(batch * M * N), mag = new Float64Array(batch * M * N);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        let s = 0, m = 0;
        for (let k = 0; k < K; k++) {
          const p = A.arr[A.off + b * A.bs + i * A.rs + k * A.cs] * B.arr[B.off + b * B.bs + k * B.rs + j * B.cs];
          s += p; m += Math.abs(p);
        }
        ref[(b * M + i) * N + j] = s; mag[(b * M + i) * N + j] = m;
      }
    }
  }
  return { ref, mag };
}

/**
 * First element where |out - ref| > tol * max(|ref|, 1e-3 * sum|a*b|), or null. Relative to |ref|
 * as asked of the kernel; the 1e-3 floor only keeps heavy cancellation (|ref| << sum|a*b|) from
 * demanding more than any summation order could give.
 */
function firstMismatch(out: FloatArray, ref: Float64Array, mag: Float64Array, tol: number): string | null {
  for (let i = 0; i < ref.length; i++) {
    const err = Math.abs(out[i] - ref[i]);
    const bound = tol * Math.max(Math.abs(ref[i]), 1e-3 * mag[i]);
    if (!(err <= bound)) return `element ${i}: got ${out[i]}, want ${ref[i]} (err ${err}, bound ${bound})`;
  }
  return null;
}

const TOL: Record<DT, number> = { float32: 1e-5, float64: 1e-12 };

interface Case {
  batch: number; M: number; N: number; K: number;
  aLayout?: Layout; bLayout?: Layout; aBroadcast?: boolean; bBroadcast?: boolean; aOff?: number; bOff?: number;
}

let seed = 1;
function runCase(dt: DT, c: Case): void {
  const rand = rng(seed++);
  const { batch, M, N, K } = c;
  const A = makeView(dt, batch, M, K, c.aLayout ?? 'row', c.aBroadcast ?? false, c.aOff ?? 0, rand);
  const B = makeView(dt, batch, K, N, c.bLayout ?? 'row', c.bBroadcast ?? false, c.bOff ?? 0, rand);
  const total = batch * M * N;
  // NaN-filled so "accumulated into" or "left unwritten" fails; the tail sentinel catches overruns.
  const out = dt === 'float32' ? new Float32Array(total + 3) : new Float64Array(total + 3);
  out.fill(NaN);
  out[total] = 123; out[total + 1] = 456; out[total + 2] = 789;
  matmulStrided(A.arr, A.off, A.bs, A.rs, A.cs, B.arr, B.off, B.bs, B.rs, B.cs, out, batch, M, N, K);
  const { ref, mag } = reference(A, B, batch, M, N, K);
  const where = `${dt} ${JSON.stringify(c)}`;
  expect(firstMismatch(out, ref, mag, TOL[dt]), where).toBeNull();
  expect([out[total], out[total + 1], out[total + 2]], `${where}: wrote past batch*M*N`).toEqual([123, 456, 789]);
}

const SHAPES: Case[] = [
  { batch: 1, M: 1, N: 1, K: 1 },
  { batch: 1, M: 1, N: 37, K: 19 }, // 1 x N (vector-matrix path)
  { batch: 1, M: 1, N: 300, K: 200 },
  { batch: 1, M: 41, N: 1, K: 23 }, // M x 1 (matrix-vector path)
  { batch: 1, M: 200, N: 1, K: 300 },
  { batch: 1, M: 13, N: 17, K: 1 }, // K = 1 (outer product)
  { batch: 1, M: 64, N: 64, K: 1 },
  { batch: 1, M: 5, N: 6, K: 0 }, // K = 0: zeros
  { batch: 3, M: 70, N: 9, K: 0 },
  { batch: 1, M: 2, N: 3, K: 4 },
  { batch: 1, M: 3, N: 3, K: 3 },
  { batch: 1, M: 4, N: 4, K: 4 },
  { batch: 1, M: 5, N: 5, K: 5 },
  { batch: 1, M: 12, N: 12, K: 12 },
  { batch: 1, M: 13, N: 13, K: 13 },
  { batch: 1, M: 1, N: 3, K: 10 }, // vector products with fewer than 4 outputs and K not a multiple of 4
  { batch: 1, M: 3, N: 1, K: 9 },
  { batch: 1, M: 1, N: 5, K: 4 },
  { batch: 3, M: 1, N: 1, K: 33 }, // batched dot products
  { batch: 1, M: 2, N: 70, K: 45 }, // two rows / two columns: row- or column-wise matrix-vector path
  { batch: 2, M: 90, N: 2, K: 31 },
  { batch: 1, M: 3, N: 40, K: 17 }, // three rows / columns: packed, with a ragged last row (column) pair
  { batch: 1, M: 40, N: 3, K: 18 },
  { batch: 1, M: 31, N: 37, K: 41 }, // primes
  { batch: 1, M: 97, N: 89, K: 83 },
  { batch: 1, M: 63, N: 7, K: 11 }, // straddling the 64-row A block
  { batch: 1, M: 64, N: 6, K: 11 },
  { batch: 1, M: 65, N: 5, K: 11 },
  { batch: 1, M: 129, N: 10, K: 9 },
  { batch: 1, M: 6, N: 255, K: 9 }, // straddling the 256-column B panel
  { batch: 1, M: 7, N: 256, K: 9 },
  { batch: 1, M: 9, N: 257, K: 10 },
  { batch: 1, M: 67, N: 515, K: 3 },
  { batch: 1, M: 32, N: 200, K: 30 }, // the library's typical shapes
  { batch: 1, M: 32, N: 27, K: 200 },
  { batch: 1, M: 60, N: 100, K: 784 },
  { batch: 2, M: 10, N: 11, K: 12 }, // batched
  { batch: 4, M: 33, N: 17, K: 8 },
];

const LAYOUTS: [Layout, Layout][] = [
  ['row', 'row'], ['col', 'row'], ['row', 'col'], ['col', 'col'], ['rowPad', 'colPad'], ['step2', 'step2'], ['colPad', 'rowPad'],
];

describe('matmulStrided', () => {
  for (const dt of ['float32', 'float64'] as const) {
    describe(dt, () => {
      it('matches a naive double-precision reference across shapes (row-major)', () => {
        for (const c of SHAPES) runCase(dt, c);
      });

      it('reads transposed, padded and strided views of A and B', () => {
        for (const [aLayout, bLayout] of LAYOUTS) {
          for (const c of SHAPES) {
            if (c.M * c.N * c.K > 200_000) continue; // keep the reference loop quick
            runCase(dt, { ...c, aLayout, bLayout });
          }
        }
      });

      it('honours nonzero offsets', () => {
        runCase(dt, { batch: 1, M: 37, N: 29, K: 17, aOff: 11, bOff: 5 });
        runCase(dt, { batch: 3, M: 5, N: 70, K: 9, aOff: 3, bOff: 101, aLayout: 'col', bLayout: 'col' });
        runCase(dt, { batch: 2, M: 2, N: 2, K: 3, aOff: 1, bOff: 2 });
      });

      it('broadcasts a batch operand with stride 0', () => {
        for (const [M, N, K] of [[3, 5, 7], [30, 40, 20], [70, 20, 9], [20, 300, 9], [1, 50, 60], [50, 1, 6]]) {
          runCase(dt, { batch: 4, M, N, K, aBroadcast: true, aOff: 2 });
          runCase(dt, { batch: 4, M, N, K, bBroadcast: true, bLayout: 'col', bOff: 3 });
          runCase(dt, { batch: 3, M, N, K, aBroadcast: true, bBroadcast: true, aLayout: 'col' });
        }
      });

      it('square sizes around and across block boundaries', () => {
        for (const n of [128, 130, 257]) runCase(dt, { batch: 1, M: n, N: n, K: n, bLayout: n === 130 ? 'col' : 'row' });
      });

      it('gives the right answer after scratch was grown by a larger call', () => {
        runCase(dt, { batch: 1, M: 100, N: 300, K: 120 });
        runCase(dt, { batch: 1, M: 9, N: 10, K: 31 });
        runCase(dt, { batch: 2, M: 17, N: 6, K: 50, bLayout: 'col' });
      });
    });
  }

  it('rounds float32 results once from the double sum (bit-exact on exactly representable data)', () => {
    // Integers small enough that every product and partial sum is exact in double: the float32 result
    // must equal Math.fround of the exact sum, which float32 accumulation would not always give.
    // Shapes cover the packed path and both matrix-vector loop orders.
    const K = 300;
    for (const [M, N, bT] of [[9, 11, false], [1, 11, false], [1, 11, true], [9, 1, false], [2, 7, true]] as const) {
      const a = new Float32Array(M * K), b = new Float32Array(K * N);
      const rand = rng(77 + M + N);
      for (let i = 0; i < a.length; i++) a[i] = Math.floor(rand() * 2001) - 1000 + 0.5;
      for (let i = 0; i < b.length; i++) b[i] = Math.floor(rand() * 2001) - 1000;
      const [bRS, bCS] = bT ? [1, K] : [N, 1];
      const out = new Float32Array(M * N);
      matmulStrided(a, 0, 0, K, 1, b, 0, 0, bRS, bCS, out, 1, M, N, K);
      for (let i = 0; i < M; i++) {
        for (let j = 0; j < N; j++) {
          let s = 0;
          for (let k = 0; k < K; k++) s += a[i * K + k] * b[k * bRS + j * bCS];
          expect(out[i * N + j], `M=${M} N=${N} bT=${bT} (${i},${j})`).toBe(Math.fround(s));
        }
      }
    }
  });

  it('propagates Inf and NaN only to the outputs they reach', () => {
    for (const dt of ['float32', 'float64'] as const) {
      const M = 10, N = 9, K = 7;
      const mk = (n: number) => (dt === 'float32' ? new Float32Array(n) : new Float64Array(n));
      const a = mk(M * K).fill(1), b = mk(K * N).fill(1);
      a[3 * K + 2] = Infinity; // row 3 of the output: Inf everywhere...
      b[4 * N + 5] = -Infinity; // ...except column 5, where Inf + -Inf = NaN; column 5 elsewhere: -Inf
      b[6 * N + 8] = NaN; // column 8: NaN
      const out = mk(M * N);
      matmulStrided(a, 0, 0, K, 1, b, 0, 0, N, 1, out, 1, M, N, K);
      for (let i = 0; i < M; i++) {
        for (let j = 0; j < N; j++) {
          const want = j === 8 || (i === 3 && j === 5) ? NaN : i === 3 ? Infinity : j === 5 ? -Infinity : K;
          expect(out[i * N + j], `${dt} (${i},${j})`).toBe(want);
        }
      }
    }
  });

  it('the comparison used above detects a wrong result', () => {
    // Guards against a vacuous checker: a single element off by 1e-4 relative must be reported.
    const rand = rng(5);
    const A = makeView('float32', 1, 8, 9, 'row', false, 0, rand);
    const B = makeView('float32', 1, 9, 10, 'row', false, 0, rand);
    const out = new Float32Array(80);
    matmulStrided(A.arr, A.off, A.bs, A.rs, A.cs, B.arr, B.off, B.bs, B.rs, B.cs, out, 1, 8, 10, 9);
    const { ref, mag } = reference(A, B, 1, 8, 10, 9);
    expect(firstMismatch(out, ref, mag, 1e-5)).toBeNull();
    out[37] *= 1 + 1e-4;
    expect(firstMismatch(out, ref, mag, 1e-5)).not.toBeNull();
  });

  it('rejects views that reach outside their arrays and too-short outputs', () => {
    const a = new Float64Array(12), b = new Float64Array(12), out = new Float64Array(9);
    expect(() => matmulStrided(a, 0, 0, 4, 1, b, 0, 0, 3, 1, out, 1, 3, 3, 4)).not.toThrow();
    expect(() => matmulStrided(a, 1, 0, 4, 1, b, 0, 0, 3, 1, out, 1, 3, 3, 4)).toThrow(RangeError);
    expect(() => matmulStrided(a, 0, 0, 4, 1, b, 0, 1, 3, 1, out, 2, 3, 3, 4)).toThrow(RangeError);
    expect(() => matmulStrided(a, 0, 0, 4, 1, b, 0, 0, 3, 1, new Float64Array(8), 1, 3, 3, 4)).toThrow(RangeError);
    expect(() => matmulStrided(a, 0, 0, 4, 1, b, 0, 0, 3, 1, out, 1, 3, 3, 4.5)).toThrow(RangeError);
  });
});
