/**
 * Householder QR in float64, for `orthogonal`: the reduced factorisation M = Q R of an m x n matrix with
 * m >= n, Q m x n with orthonormal columns, R n x n upper triangular. It follows LAPACK's `geqrf` +
 * `orgqr` (what `torch.linalg.qr` calls): reflectors H_j = I - tau_j v_j v_j^T with v_j[j] = 1 and
 * `beta = -sign(alpha) * ||x||` (`dlarfg`), then Q = H_0 H_1 ... H_{n-1} applied to the first n columns
 * of the identity (`dorg2r`). Householder is backward stable (Q is orthonormal to machine precision
 * whatever the conditioning of M), unlike Gram-Schmidt.
 *
 * Storage is column-major (each column contiguous), so every inner loop runs over one typed array
 * stride-1, without allocation.
 */

export interface QrResult {
  /** Q's columns, column-major: column k is `q[k*m .. k*m + m)`. */
  q: Float64Array;
  /** The diagonal of R (R[j][j] = beta_j), whose signs `orthogonal` uses. */
  rDiag: Float64Array;
}

/**
 * Factors the m x n matrix (m >= n) whose column k is `cols[k*m .. k*m + m)`. `cols` is overwritten with
 * the reflectors (LAPACK's compact form).
 */
export function householderQr(cols: Float64Array, m: number, n: number): QrResult {
  if (m < n) throw new RangeError(`householderQr: expects rows >= columns, got ${m} x ${n}`);
  const tau = new Float64Array(n);
  const rDiag = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const cj = j * m;
    // dlarfg on x = cols[cj+j .. cj+m)
    const alpha = cols[cj + j];
    let scale = 0;
    for (let i = j + 1; i < m; i++) scale = Math.max(scale, Math.abs(cols[cj + i]));
    let xnorm = 0;
    if (scale > 0) {
      let ss = 0;
      for (let i = j + 1; i < m; i++) {
        const v = cols[cj + i] / scale;
        ss += v * v;
      }
      xnorm = scale * Math.sqrt(ss);
    }
    if (xnorm === 0) {
      tau[j] = 0; // H = I
      rDiag[j] = alpha;
      continue;
    }
    const norm = Math.hypot(alpha, xnorm);
    const beta = alpha >= 0 ? -norm : norm;
    tau[j] = (beta - alpha) / beta;
    const inv = 1 / (alpha - beta);
    for (let i = j + 1; i < m; i++) cols[cj + i] *= inv;
    cols[cj + j] = beta;
    rDiag[j] = beta;
    // Apply H_j to the trailing columns: a_k -= tau * (v^T a_k) * v, with v[j] = 1.
    for (let k = j + 1; k < n; k++) {
      const ck = k * m;
      let w = cols[ck + j];
      for (let i = j + 1; i < m; i++) w += cols[cj + i] * cols[ck + i];
      w *= tau[j];
      cols[ck + j] -= w;
      for (let i = j + 1; i < m; i++) cols[ck + i] -= w * cols[cj + i];
    }
  }
  // dorg2r: Q = H_0 ... H_{n-1} I[:, :n], built from the last reflector backwards.
  const q = new Float64Array(m * n);
  for (let j = n - 1; j >= 0; j--) {
    const cj = j * m;
    const t = tau[j];
    // Columns k > j: apply H_j.
    for (let k = j + 1; k < n; k++) {
      const qk = k * m;
      let w = q[qk + j];
      for (let i = j + 1; i < m; i++) w += cols[cj + i] * q[qk + i];
      w *= t;
      q[qk + j] -= w;
      for (let i = j + 1; i < m; i++) q[qk + i] -= w * cols[cj + i];
    }
    // Column j: H_j e_j = e_j - tau v.
    q[cj + j] = 1 - t;
    for (let i = j + 1; i < m; i++) q[cj + i] = -t * cols[cj + i];
    for (let i = 0; i < j; i++) q[cj + i] = 0;
  }
  return { q, rDiag };
}
