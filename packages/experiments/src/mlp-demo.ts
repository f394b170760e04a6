/**
 * A two-layer MLP fitted to a 3-class spiral with the tensor core alone: the smallest honest end-to-end
 * run of autograd, matmul, cross-entropy and SGD. It stands in for the paper studies until they exist.
 */
import { Generator, noGrad, randn, tensor, type Tensor } from '@poise/tensor';

export interface MlpDemoConfig {
  seed: number;
  pointsPerClass: number;
  hidden: number;
  steps: number;
  lr: number;
}

export interface MlpDemoResult {
  study: 'mlp-demo';
  losses: number[];
  initialLoss: number;
  finalLoss: number;
  accuracy: number;
  seconds: number;
}

export const MLP_DEMO_DEFAULTS: MlpDemoConfig = { seed: 42, pointsPerClass: 100, hidden: 64, steps: 500, lr: 0.5 };

/** Three interleaved spiral arms (cs231n's toy data), with generator-driven noise so runs are reproducible. */
export function spiral(pointsPerClass: number, g: Generator): { X: Tensor; y: Tensor } {
  const classes = 3;
  const n = pointsPerClass * classes;
  const noise = randn([n], { generator: g, dtype: 'float64' }).toTypedArray();
  const xs = new Float32Array(n * 2);
  const ys = new Int32Array(n);
  for (let c = 0; c < classes; c++) {
    for (let i = 0; i < pointsPerClass; i++) {
      const k = c * pointsPerClass + i;
      const r = i / (pointsPerClass - 1);
      const t = c * 4 + (4 * i) / (pointsPerClass - 1) + noise[k] * 0.2;
      xs[2 * k] = r * Math.sin(t);
      xs[2 * k + 1] = r * Math.cos(t);
      ys[k] = c;
    }
  }
  return { X: tensor(xs, { shape: [n, 2] }), y: tensor(ys) };
}

export function runMlpDemo(config: Partial<MlpDemoConfig> = {}, onStep?: (step: number, loss: number) => void): MlpDemoResult {
  const cfg = { ...MLP_DEMO_DEFAULTS, ...config };
  const start = performance.now();
  const g = new Generator().manualSeed(cfg.seed);
  const { X, y } = spiral(cfg.pointsPerClass, g);
  // Kaiming-style scaling for the tanh layer (gain 5/3), small logits at the output.
  const W1 = randn([2, cfg.hidden], { generator: g }).mul((5 / 3) / Math.sqrt(2));
  const b1 = randn([cfg.hidden], { generator: g }).mul(0.01);
  const W2 = randn([cfg.hidden, 3], { generator: g }).mul(0.01);
  const b2 = randn([3], { generator: g }).mul(0);
  const params = [W1, b1, W2, b2];
  for (const p of params) p.requiresGrad = true;
  const losses: number[] = [];
  let logits: Tensor = X;
  for (let step = 0; step < cfg.steps; step++) {
    logits = X.matmul(W1).add(b1).tanh().matmul(W2).add(b2);
    const loss = logits.logSoftmax(1).gather(1, y.unsqueeze(1)).mean().neg();
    for (const p of params) p.grad = null;
    loss.backward();
    noGrad(() => {
      for (const p of params) p.sub_(p.grad!.mul(cfg.lr));
    });
    losses.push(loss.item());
    onStep?.(step, losses[losses.length - 1]);
  }
  const predicted = logits.argmax(1).toTypedArray();
  const labels = y.toTypedArray();
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) correct++;
  return {
    study: 'mlp-demo',
    losses,
    initialLoss: losses[0],
    finalLoss: losses[losses.length - 1],
    accuracy: correct / labels.length,
    seconds: (performance.now() - start) / 1000,
  };
}
