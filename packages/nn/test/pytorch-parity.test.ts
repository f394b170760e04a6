import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { manualSeed, tensor, type Tensor } from '@poise/tensor';
import { Adam, Conv2d, Embedding, Linear, SGD, crossEntropy, type Optimizer } from '../src';

const fx = JSON.parse(readFileSync(join(__dirname, 'fixtures/nn.json'), 'utf8'));
const values = (t: Tensor) => Array.from(t.toTypedArray());

describe('default initialisation is bit-identical to PyTorch for a seed', () => {
  for (const c of fx.init) {
    it(`${c.layer} ${c.layer === 'Embedding' ? `${c.num}x${c.dim}` : `${c.in}->${c.out}`} (seed ${c.seed})`, () => {
      manualSeed(c.seed);
      if (c.layer === 'Conv2d') {
        const conv = new Conv2d(c.in, c.out, c.kernelSize, c.options);
        expect(conv.weight.shape).toEqual(c.shape);
        expect(values(conv.weight)).toEqual(c.weight);
        if (c.bias === null) expect(conv.bias).toBeNull();
        else expect(values(conv.bias!)).toEqual(c.bias);
        expect(conv.toString()).toBe(c.repr);
      } else if (c.layer === 'Linear') {
        const lin = new Linear(c.in, c.out);
        expect(values(lin.weight)).toEqual(c.weight);
        expect(values(lin.bias!)).toEqual(c.bias);
      } else {
        const emb = new Embedding(c.num, c.dim);
        expect(values(emb.weight)).toEqual(c.weight);
      }
    });
  }
});

describe('crossEntropy equals F.cross_entropy (float64)', () => {
  const ce = fx.crossEntropy;
  for (const c of ce.cases) {
    it(JSON.stringify(c.opts), () => {
      const x = tensor(ce.x, { dtype: 'float64' }).reshape(ce.shape);
      x.requiresGrad = true;
      const y = tensor(c.y, { dtype: 'int32' });
      const opts = { reduction: c.opts.reduction, labelSmoothing: c.opts.label_smoothing, ignoreIndex: c.opts.ignore_index };
      const loss = crossEntropy(x, y, opts);
      const lv = values(loss);
      lv.forEach((v, i) => expect(v).toBeCloseTo(c.loss[i], 12));
      loss.mul(tensor(c.weight, { dtype: 'float64' }).reshape(loss.shape)).sum().backward();
      values(x.grad!).forEach((v, i) => expect(v).toBeCloseTo(c.grad[i], 12));
    });
  }
});

describe('optimizers follow torch.optim trajectories', () => {
  const o = fx.optim;
  for (const run of o.runs) {
    it(`${run.optimizer} ${JSON.stringify(run.options)}`, () => {
      const a = tensor(o.a, { dtype: 'float32' });
      const b = tensor(o.b, { dtype: 'float32' });
      const c = tensor(o.c, { dtype: 'float32' });
      const w = tensor(o.w0, { dtype: 'float32', requiresGrad: true });
      const opts = run.options;
      const opt: Optimizer<{ lr: number }> = run.optimizer === 'SGD'
        ? new SGD([w], { lr: opts.lr, momentum: opts.momentum, dampening: opts.dampening, weightDecay: opts.weight_decay, nesterov: opts.nesterov, maximize: opts.maximize })
        : new Adam([w], { lr: opts.lr, beta1: opts.beta1, beta2: opts.beta2, eps: opts.eps, weightDecay: opts.weight_decay, amsgrad: opts.amsgrad });
      for (const expected of run.trajectory) {
        opt.zeroGrad();
        let loss = w.mul(a).add(w.sub(b).pow(2).mul(c)).sum();
        if (opts.maximize) loss = loss.neg();
        loss.backward();
        opt.step();
        values(w).forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThan(2e-6 * Math.max(1, Math.abs(expected[i]))));
      }
    });
  }
});
