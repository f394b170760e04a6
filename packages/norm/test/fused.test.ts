import { describe, expect, it } from 'vitest';
import { Generator, noGrad, randn, type Tensor } from '@poise/tensor';
import {
  BATCH_NORM_BACKWARD, GROUP_NORM_BACKWARD, INSTANCE_NORM_BACKWARD, LAYER_NORM_BACKWARD, RMS_NORM_BACKWARD,
  BatchNorm1d, BatchNorm2d, GroupNorm, InstanceNorm1d, LayerNorm, RMSNorm, batchNorm,
} from '../src';

const gen = new Generator().manualSeed(99);
const r = (shape: number[], requiresGrad = false): Tensor => randn(shape, { generator: gen, dtype: 'float64', requiresGrad });

interface Layer {
  forward(x: Tensor): Tensor;
  weight: Tensor | null;
  bias?: Tensor | null;
}

const CASES: [string, () => Layer, number[], string][] = [
  ['BatchNorm1d', () => new BatchNorm1d(4, { dtype: 'float64' }), [6, 4], BATCH_NORM_BACKWARD],
  ['BatchNorm2d', () => new BatchNorm2d(2, { dtype: 'float64' }), [3, 2, 2, 2], BATCH_NORM_BACKWARD],
  ['LayerNorm', () => new LayerNorm(4, { dtype: 'float64' }), [3, 4], LAYER_NORM_BACKWARD],
  ['GroupNorm', () => new GroupNorm(2, 4, { dtype: 'float64' }), [2, 4, 3], GROUP_NORM_BACKWARD],
  ['InstanceNorm1d', () => new InstanceNorm1d(4, { affine: true, dtype: 'float64' }), [2, 4, 3], INSTANCE_NORM_BACKWARD],
  ['RMSNorm', () => new RMSNorm(4, { dtype: 'float64' }), [3, 4], RMS_NORM_BACKWARD],
];

describe('the backward is one fused node', () => {
  for (const [name, make, shape, node] of CASES) {
    it(`${name}: the output's gradFn is ${node}, whose inputs are exactly x, weight and bias`, () => {
      const m = make();
      const x = r(shape, true);
      const y = m.forward(x);
      expect(y.gradFn).not.toBeNull();
      expect(y.gradFn!.name).toBe(node);
      const expected = [x, m.weight, m.bias ?? null].filter((t) => t !== null);
      expect(y.gradFn!.inputs.length).toBe(expected.length);
      y.gradFn!.inputs.forEach((t, i) => expect(t, `input ${i}`).toBe(expected[i]));
      // Nothing between the output and the leaves: no composite graph hides behind the node.
      for (const t of y.gradFn!.inputs) expect(t.gradFn).toBeNull();
    });
  }

  it('without affine parameters the node has the input alone', () => {
    const x = r([4, 3], true);
    const y = new BatchNorm1d(3, { affine: false, dtype: 'float64' }).forward(x);
    expect(y.gradFn!.inputs).toEqual([x]);
    expect(new LayerNorm(3, { elementwiseAffine: false, dtype: 'float64' }).forward(x).gradFn!.inputs.length).toBe(1);
  });

  it('the backward runs under noGrad (as the engine calls it) and outside it, with the same result and no graph', () => {
    const m = new BatchNorm1d(4, { dtype: 'float64' });
    const x = r([5, 4], true);
    const y = m.forward(x);
    const g = r([5, 4]);
    const inside = noGrad(() => y.gradFn!.apply(g));
    const outside = y.gradFn!.apply(g);
    expect(inside.length).toBe(3);
    inside.forEach((t, i) => {
      expect(t!.gradFn).toBeNull();
      expect(t!.requiresGrad).toBe(false);
      expect(Array.from(t!.toTypedArray())).toEqual(Array.from(outside[i]!.toTypedArray()));
    });
    expect(inside[0]!.shape).toEqual([5, 4]);
    expect(inside[1]!.shape).toEqual([4]);
  });

  it('no graph when nothing requires grad, or under noGrad', () => {
    const m = new BatchNorm1d(3);
    noGrad(() => expect(m.forward(r([4, 3]).to('float32')).gradFn).toBeNull());
    const plain = batchNorm(r([4, 3]), null, null, null, null, true);
    expect(plain.gradFn).toBeNull();
    expect(plain.requiresGrad).toBe(false);
  });

  it('an in-place change to x between forward and backward is reported', () => {
    const x = r([4, 3], true);
    const xin = x.mul(1);
    const y = batchNorm(xin, null, null, null, null, true);
    noGrad(() => xin.add_(1));
    expect(() => y.sum().backward()).toThrow(/modified by an in-place operation/);
  });

  it('the outputs and gradients equal those of the composite (x - mean) / sqrt(var + eps) * w + b graph', () => {
    // [5000, 4] and [4200, 4, 2] take the kernels' batch-major loop order (many samples, short runs).
    for (const shape of [[6, 4], [3, 4, 5], [5000, 4], [4200, 4, 2]]) {
      const axes = shape.length === 2 ? [0] : [0, 2];
      const cshape = shape.length === 2 ? [1, 4] : [1, 4, 1];
      const x = r(shape, true);
      const w = r([4], true);
      const b = r([4], true);
      const g = r(shape);
      const yf = batchNorm(x, null, null, w, b, true);
      yf.backward(g);
      const fused = [yf, x.grad!, w.grad!, b.grad!].map((t) => Array.from(t.toTypedArray()));
      x.grad = w.grad = b.grad = null;
      const mean = x.mean(axes, { keepdim: true });
      const v = x.var(axes, { keepdim: true, correction: 0 });
      const yc = x.sub(mean).div(v.add(1e-5).sqrt()).mul(w.reshape(cshape)).add(b.reshape(cshape));
      yc.backward(g);
      const composite = [yc, x.grad!, w.grad!, b.grad!].map((t) => Array.from(t.toTypedArray()));
      // Sums over up to 8400 values: compare relative to each array's largest value.
      fused.forEach((f, k) => {
        const scale = composite[k].reduce((m, val) => Math.max(m, Math.abs(val)), 1);
        f.forEach((val, i) => expect(Math.abs(val - composite[k][i]), `${shape} array ${k} [${i}]`).toBeLessThan(1e-12 * scale));
      });
    }
  });
});
