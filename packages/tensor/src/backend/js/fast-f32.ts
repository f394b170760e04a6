/**
 * Monomorphic fast paths of the JS backend for the common case: float32 in, float32 out, dense operands.
 * The generic kernels (elementwise.ts, reduce.ts) serve every dtype from one function, so V8 sees several
 * typed-array kinds at each element access and compiles polymorphic loads (3-5 ns per element); these
 * functions only ever see Float32Array (JS-heap or a view of the WASM heap) and a Float64Array accumulator,
 * so their loops compile to plain loads and stores (~1 ns per element).
 * Results are identical to the generic kernels' (same double-precision arithmetic in the same order).
 */

export type FastUnaryF32 = 'tanh' | 'sigmoid' | 'exp' | 'neg' | 'addScalar' | 'mulScalar' | 'square' | 'sqrt' | 'relu';

export function isFastUnaryF32(op: string): op is FastUnaryF32 {
  return op === 'tanh' || op === 'sigmoid' || op === 'exp' || op === 'neg' || op === 'addScalar' || op === 'mulScalar' ||
    op === 'square' || op === 'sqrt' || op === 'relu';
}

/** out[i] = f(x[xo + i]) for i < n, both float32, x dense. */
export function unaryF32(op: FastUnaryF32, n: number, x: Float32Array, xo: number, out: Float32Array, a: number): void {
  switch (op) {
    case 'tanh': for (let i = 0; i < n; i++) out[i] = Math.tanh(x[xo + i]); return;
    case 'sigmoid': for (let i = 0; i < n; i++) out[i] = 1 / (1 + Math.exp(-x[xo + i])); return;
    case 'exp': for (let i = 0; i < n; i++) out[i] = Math.exp(x[xo + i]); return;
    case 'neg': for (let i = 0; i < n; i++) out[i] = -x[xo + i]; return;
    case 'addScalar': for (let i = 0; i < n; i++) out[i] = x[xo + i] + a; return;
    case 'mulScalar': for (let i = 0; i < n; i++) out[i] = x[xo + i] * a; return;
    case 'square': for (let i = 0; i < n; i++) { const v = x[xo + i]; out[i] = v * v; } return;
    case 'sqrt': for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[xo + i]); return;
    case 'relu': for (let i = 0; i < n; i++) { const v = x[xo + i]; out[i] = v > 0 ? v : v !== v ? v : 0; } return;
  }
}

export type FastBinaryF32 = 'add' | 'sub' | 'mul' | 'div' | 'tanhGrad' | 'sigmoidGrad';

export function isFastBinaryF32(op: string): op is FastBinaryF32 {
  return op === 'add' || op === 'sub' || op === 'mul' || op === 'div' || op === 'tanhGrad' || op === 'sigmoidGrad';
}

/**
 * A binary op over `rows` rows of `n` float32 elements: out[r * n + i] = f(a[ao + r * ars + i * acs],
 * b[bo + r * brs + i * bcs]) with each inner stride 0 or 1 (a dense row or a broadcast scalar) and any row
 * stride (0 for a row vector broadcast down a matrix, the `x - mean(0)` of batch norm).
 */
export function binaryF32(
  op: FastBinaryF32, rows: number, n: number,
  a: Float32Array, ao: number, ars: number, acs: number,
  b: Float32Array, bo: number, brs: number, bcs: number,
  out: Float32Array,
): void {
  if (acs === 1 && bcs === 1) {
    for (let r = 0; r < rows; r++) binaryRowF32(op, n, a, ao + r * ars, b, bo + r * brs, out, r * n);
    return;
  }
  // A broadcast scalar on one side (stride 0): general inner strides, still monomorphic.
  for (let r = 0; r < rows; r++) {
    const a0 = ao + r * ars, b0 = bo + r * brs, o = r * n;
    switch (op) {
      case 'add': for (let i = 0; i < n; i++) out[o + i] = a[a0 + i * acs] + b[b0 + i * bcs]; break;
      case 'sub': for (let i = 0; i < n; i++) out[o + i] = a[a0 + i * acs] - b[b0 + i * bcs]; break;
      case 'mul': for (let i = 0; i < n; i++) out[o + i] = a[a0 + i * acs] * b[b0 + i * bcs]; break;
      case 'div': for (let i = 0; i < n; i++) out[o + i] = a[a0 + i * acs] / b[b0 + i * bcs]; break;
      case 'tanhGrad': for (let i = 0; i < n; i++) { const y = b[b0 + i * bcs]; out[o + i] = a[a0 + i * acs] * (1 - y * y); } break;
      case 'sigmoidGrad': for (let i = 0; i < n; i++) { const y = b[b0 + i * bcs]; out[o + i] = a[a0 + i * acs] * y * (1 - y); } break;
    }
  }
}

function binaryRowF32(op: FastBinaryF32, n: number, a: Float32Array, ao: number, b: Float32Array, bo: number, out: Float32Array, oo: number): void {
  switch (op) {
    case 'add': for (let i = 0; i < n; i++) out[oo + i] = a[ao + i] + b[bo + i]; return;
    case 'sub': for (let i = 0; i < n; i++) out[oo + i] = a[ao + i] - b[bo + i]; return;
    case 'mul': for (let i = 0; i < n; i++) out[oo + i] = a[ao + i] * b[bo + i]; return;
    case 'div': for (let i = 0; i < n; i++) out[oo + i] = a[ao + i] / b[bo + i]; return;
    case 'tanhGrad': for (let i = 0; i < n; i++) { const y = b[bo + i]; out[oo + i] = a[ao + i] * (1 - y * y); } return;
    case 'sigmoidGrad': for (let i = 0; i < n; i++) { const y = b[bo + i]; out[oo + i] = a[ao + i] * y * (1 - y); } return;
  }
}

let colAcc = new Float64Array(1024);

/**
 * Column sums of a float32 [rows, cols] matrix with row stride `rs` and unit column stride (the `sum(0)` of
 * batch statistics and of broadcast gradients): whole rows are added into a reused float64 accumulator,
 * then rounded once into `out`, exactly the generic kernel's order of operations.
 */
export function colSumF32(x: Float32Array, xo: number, rows: number, cols: number, rs: number, out: Float32Array): void {
  if (colAcc.length < cols) colAcc = new Float64Array(Math.max(cols, 2 * colAcc.length));
  const acc = colAcc;
  for (let c = 0; c < cols; c++) acc[c] = 0;
  for (let r = 0; r < rows; r++) {
    const o = xo + r * rs;
    for (let c = 0; c < cols; c++) acc[c] += x[o + c];
  }
  for (let c = 0; c < cols; c++) out[c] = acc[c];
}

/** Row sums of a float32 [rows, cols] matrix (unit column stride), float64 accumulation. */
export function rowSumF32(x: Float32Array, xo: number, rows: number, cols: number, rs: number, out: Float32Array): void {
  for (let r = 0; r < rows; r++) {
    const o = xo + r * rs;
    let s = 0;
    for (let c = 0; c < cols; c++) s += x[o + c];
    out[r] = s;
  }
}
