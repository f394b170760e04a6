/**
 * Orthogonal initialization, `torch.nn.init.orthogonal_`: Saxe, McClelland & Ganguli 2014, "Exact
 * solutions to the nonlinear dynamics of learning in deep linear neural networks". An orthogonal weight
 * preserves the norm of every input (all singular values are 1), so signals and gradients neither grow
 * nor vanish through a deep linear stack; LSUV starts from it.
 */
import { rng, type Tensor } from '@poise/tensor';
import { householderQr } from './qr';
import { checkFinite, checkTarget, floatValuesFor, generatorOf, writeValues, type GeneratorOptions } from './target';

export interface OrthogonalOptions extends GeneratorOptions {
  /** Scaling factor, e.g. `calculateGain('relu')`. Default 1. */
  gain?: number;
}

/**
 * Fills `t` (2 or more dims) in place with a (semi-)orthogonal matrix times `gain` and returns it
 * (`torch.nn.init.orthogonal_(t, gain)`). With rows = t.shape[0] and cols = numel / rows (a weight
 * `[out, in]`, or a conv weight `[out, in/groups, kH, kW]` flattened to `[out, in/groups*kH*kW]`):
 *
 * 1. draw A `[rows, cols]` from N(0, 1) (`normal_(0, 1)`, the generator's exact stream);
 * 2. if rows < cols, work on A^T, so the matrix is tall;
 * 3. A = Q R (Householder, {@link householderQr}), then Q *= sign(diag(R)), which makes Q Haar-distributed
 *    (Mezzadri 2007, "How to generate random matrices from the classical compact groups");
 * 4. transpose back if needed; the rows (rows <= cols) or columns (rows >= cols) of the result are
 *    orthonormal; multiply by `gain`.
 *
 * The draws are PyTorch's bit for bit, but the factorisation is not: PyTorch runs LAPACK's Householder QR
 * in t's dtype, this runs Householder in float64 and rounds once, so results agree with PyTorch to about
 * 1e-6 (tested within 1e-5), not bit for bit. Fewer than 2 dims is a RangeError.
 *
 * Paper: Saxe, McClelland & Ganguli 2014, "Exact solutions to the nonlinear dynamics of learning in deep
 * linear neural networks" (ICLR, https://arxiv.org/abs/1312.6120): W = gain * Q with Q^T Q = I (or
 * Q Q^T = I for a wide W), so every singular value of W is `gain`.
 */
export function orthogonal<T extends Tensor>(t: T, opts: OrthogonalOptions = {}): T {
  checkTarget('orthogonal', t, true);
  const gain = opts.gain ?? 1;
  checkFinite('orthogonal', 'gain', gain);
  if (t.ndim < 2) {
    throw new RangeError(`orthogonal: only tensors with 2 or more dimensions are supported, got shape [${t.shape.join(', ')}]`);
  }
  const gen = generatorOf('orthogonal', opts);
  const numel = t.numel();
  if (numel === 0) return t;
  const rows = t.shape[0];
  const cols = numel / rows;
  const flat = rng.fillNormal(floatValuesFor(t), gen, 0, 1); // [rows, cols] row-major
  const wide = rows < cols;
  const m = wide ? cols : rows; // the tall matrix M is m x n
  const n = wide ? rows : cols;
  // Column k of M: row k of `flat` if wide (M = A^T), else column k of `flat`.
  const mcols = new Float64Array(m * n);
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < m; i++) mcols[k * m + i] = wide ? flat[k * cols + i] : flat[i * cols + k];
  }
  const { q, rDiag } = householderQr(mcols, m, n);
  const out = floatValuesFor(t);
  for (let k = 0; k < n; k++) {
    const s = Math.sign(rDiag[k]);
    for (let i = 0; i < m; i++) {
      const v = q[k * m + i] * s;
      // Q[i][k] is out[i][k] (tall) or out[k][i] (wide, Q^T).
      out[wide ? k * cols + i : i * cols + k] = v;
    }
  }
  // tensor.copy_(q) rounds to t's dtype, then tensor.mul_(gain) in t's dtype.
  if (gain !== 1) {
    const g = out instanceof Float32Array ? Math.fround(gain) : gain;
    for (let i = 0; i < numel; i++) out[i] = out[i] * g;
  }
  return writeValues(t, out);
}
