/**
 * Ioffe & Szegedy's Fig. 1 MLP: 784-100-100-100-10 with sigmoid, batch 60, cross-entropy, plain SGD; optionally
 * batch norm (BatchNorm1d) before each sigmoid. The same model in poise (@poise/nn + @poise/norm), PyTorch
 * (nn.Sequential) and tfjs-layers (dense / batchNormalization / activation).
 */
import { Generator, randint, randn } from '@poise/tensor';
import { Linear, Sequential, Sigmoid, type Module } from '@poise/nn';
import { BatchNorm1d } from '@poise/norm';
import { tf, tfl, tfjsModelStep } from '../peers/tfjs';
import { poiseModelStep } from './poise-step';
import type { Step, Workload } from './types';

export const MLP = { widths: [784, 100, 100, 100, 10], batch: 60, lr: 0.1 };

export function poiseMlp(bn: boolean, g = new Generator().manualSeed(0)): Sequential {
  const w = MLP.widths;
  const layers: Module[] = [];
  for (let i = 0; i < w.length - 2; i++) {
    layers.push(new Linear(w[i], w[i + 1], { generator: g }));
    if (bn) layers.push(new BatchNorm1d(w[i + 1]));
    layers.push(new Sigmoid());
  }
  layers.push(new Linear(w[w.length - 2], w[w.length - 1], { generator: g }));
  return new Sequential(...layers);
}

export function mlpStep(bn: boolean): Step {
  const g = new Generator().manualSeed(0);
  const model = poiseMlp(bn, g);
  model.train();
  const x = randn([MLP.batch, MLP.widths[0]], { generator: g });
  const y = randint(0, MLP.widths[MLP.widths.length - 1], [MLP.batch], { generator: g });
  return poiseModelStep(model, x, y, MLP.lr);
}

export function tfjsMlp(bn: boolean): tfl.Sequential {
  const w = MLP.widths;
  const model = tfl.sequential();
  for (let i = 0; i < w.length - 2; i++) {
    model.add(tfl.layers.dense({ units: w[i + 1], ...(i === 0 ? { inputShape: [w[0]] } : {}) }));
    if (bn) model.add(tfl.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 }));
    model.add(tfl.layers.activation({ activation: 'sigmoid' }));
  }
  model.add(tfl.layers.dense({ units: w[w.length - 1] }));
  return model;
}

export function mlpTfjsStep(bn: boolean): Step {
  const model = tfjsMlp(bn);
  const x = tf.randomNormal([MLP.batch, MLP.widths[0]]);
  const labels = Int32Array.from({ length: MLP.batch }, (_, i) => (i * 7) % 10);
  return { step: tfjsModelStep(model, x, labels, 10, MLP.lr) };
}

export function mlpWorkload(bn: boolean): Workload {
  return {
    id: bn ? 'mlp-bn' : 'mlp',
    title: bn ? 'Fig. 1 MLP step, BatchNorm' : 'Fig. 1 MLP step, plain',
    torch: { kind: 'mlp', args: { bn, batch: MLP.batch, widths: MLP.widths, lr: MLP.lr } },
    targets: [{ kind: 'ratio', peer: 'torch', max: 1.0 }],
    poise: () => mlpStep(bn),
    tfjs: () => mlpTfjsStep(bn),
  };
}
