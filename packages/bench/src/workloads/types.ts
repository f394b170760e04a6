import type { Target } from '../stats';

/** One implementation's training (or compute) step, built once and called many times. */
export interface Step {
  /** Runs one step and returns its loss (0 for workloads without one). */
  step(): number;
}

export interface Workload {
  id: string;
  title: string;
  /** Floating-point operations per step, when it is one well-defined kernel (matmul): the table shows GFLOP/s. */
  flops?: number;
  /** The same workload in peers/torch_bench.py: its kind and arguments. */
  torch?: { kind: string; args: Record<string, unknown> };
  poise: () => Step;
  /** The same model and batch in tfjs-layers on tfjs-backend-wasm. */
  tfjs?: () => Step;
  targets: Target[];
}
