/**
 * Where the `auto` backend switches from the TypeScript kernels to WASM. Measured with
 * `bench/crossover.mjs` (see the README's table); the user never has to set these.
 */
export interface Thresholds {
  /** Output elements from which a float32 unary/binary op runs as a WASM kernel. */
  elementwise: number;
  /** Input elements from which a float32 sum/max/min reduction runs as a WASM kernel. */
  reduce: number;
  /** Multiply-adds (batch * M * K * N, or N * O * OH * OW * C * kH * kW for conv2d) from which float32 matmul and conv2d run on XNNPACK. */
  matmul: number;
  /**
   * Multiply-adds (N * O * OH * OW * C * kH * kW) from which the conv2d weight gradient runs on XNNPACK (one
   * call per sample, so it needs more work per call than a single matmul to pay off).
   */
  convWeightGrad: number;
  /** Elements from which new float32 storage (tensor(), zeros(), randn()...) is put in the WASM heap. */
  resident: number;
}

export const DEFAULT_THRESHOLDS: Readonly<Thresholds> = Object.freeze({
  elementwise: 4096,
  reduce: 1024,
  matmul: 2048,
  convWeightGrad: 65536,
  resident: 16384,
});
