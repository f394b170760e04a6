/** Square float32 matmul n x n x n: poise (auto -> XNNPACK GEMM), tfjs matMul on the same WASM backend, torch.mm. */
import { Generator, randn, tidy } from '@poise/tensor';
import { tf } from '../peers/tfjs';
import type { Step, Workload } from './types';

export function matmulWorkload(n: number, withTarget = n === 512): Workload {
  return {
    id: `matmul-${n}`,
    title: `matmul ${n}x${n}x${n}`,
    flops: 2 * n * n * n,
    torch: { kind: 'matmul', args: { n } },
    targets: withTarget ? [{ kind: 'peak', min: 0.4 }] : [],
    poise: (): Step => {
      const g = new Generator().manualSeed(0);
      const a = randn([n, n], { generator: g });
      const b = randn([n, n], { generator: g });
      return { step: () => (tidy(() => void a.matmul(b)), 0) };
    },
    tfjs: (): Step => {
      const a = tf.randomNormal([n, n]);
      const b = tf.randomNormal([n, n]);
      return { step: () => (tf.tidy(() => void tf.matMul(a, b)), 0) };
    },
  };
}
