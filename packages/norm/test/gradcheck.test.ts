import { describe, expect, it } from 'vitest';
import { Generator, gradcheck, noGrad, randn, type Tensor } from '@poise/tensor';
import {
  BatchNorm1d, BatchNorm2d, GroupNorm, InstanceNorm1d, InstanceNorm2d, LayerNorm, RMSNorm,
  batchNorm, groupNorm, instanceNorm, layerNorm, rmsNorm,
} from '../src';

const gen = new Generator().manualSeed(7);
const r = (shape: readonly number[], requiresGrad = true): Tensor => randn(shape, { generator: gen, dtype: 'float64', requiresGrad });

interface Layer {
  forward(x: Tensor): Tensor;
  train(mode?: boolean): unknown;
  weight: Tensor | null;
  bias?: Tensor | null;
}

/** The modules, float64, with the input shape each is checked on (spatial dims > 1 where there are any). */
const LAYERS: [string, (affine: boolean) => Layer, number[]][] = [
  ['BatchNorm1d [N, C]', (a) => new BatchNorm1d(3, { affine: a, dtype: 'float64' }), [5, 3]],
  ['BatchNorm1d [N, C, L]', (a) => new BatchNorm1d(3, { affine: a, dtype: 'float64', momentum: null }), [2, 3, 4]],
  ['BatchNorm2d', (a) => new BatchNorm2d(2, { affine: a, dtype: 'float64' }), [2, 2, 2, 3]],
  ['LayerNorm', (a) => new LayerNorm([2, 3], { elementwiseAffine: a, dtype: 'float64' }), [3, 2, 3]],
  ['GroupNorm', (a) => new GroupNorm(2, 4, { affine: a, dtype: 'float64' }), [2, 4, 3]],
  ['InstanceNorm1d', (a) => new InstanceNorm1d(3, { affine: a, trackRunningStats: true, dtype: 'float64' }), [2, 3, 4]],
  ['InstanceNorm2d', (a) => new InstanceNorm2d(2, { affine: a, trackRunningStats: true, dtype: 'float64' }), [2, 2, 2, 3]],
  ['RMSNorm', (a) => new RMSNorm([4], { elementwiseAffine: a, dtype: 'float64' }), [3, 4]],
];

describe('gradcheck (float64 finite differences) of dx, dweight and dbias', () => {
  for (const [name, make, shape] of LAYERS) {
    for (const mode of ['train', 'eval'] as const) {
      for (const affine of [true, false]) {
        it(`${name}, ${mode} mode, ${affine ? 'affine' : 'no affine'}`, () => {
          const m = make(affine);
          // A few training steps first, so eval mode normalizes with running statistics that are not 0 and 1.
          noGrad(() => {
            for (let i = 0; i < 3; i++) m.forward(r(shape, false).mul(2).add(0.5));
          });
          m.train(mode === 'train');
          if (affine) {
            noGrad(() => {
              m.weight!.copy_(r(m.weight!.shape, false).mul(0.5).add(1));
              m.bias?.copy_(r(m.bias.shape, false));
            });
          }
          const params = [m.weight, m.bias ?? null].filter((p): p is Tensor => p !== null);
          expect(params.length).toBe(affine ? (name === 'RMSNorm' ? 1 : 2) : 0);
          // The module reads its parameters from its fields: point them at gradcheck's (perturbed) copies.
          const fn = (x: Tensor, ...ps: Tensor[]): Tensor => {
            if (affine) {
              m.weight = ps[0];
              if (ps.length > 1) m.bias = ps[1];
            }
            return m.forward(x);
          };
          expect(gradcheck(fn, [r(shape), ...params])).toBe(true);
        });
      }
    }
  }

  it('the functional forms, with weight and bias each present or absent', () => {
    const x = r([4, 3, 2]);
    const w = r([3]);
    const b = r([3]);
    const rm = r([3], false);
    const rv = r([3], false).abs().add(0.5);
    for (const training of [true, false]) {
      expect(gradcheck((xx, ww, bb) => batchNorm(xx, rm, rv, ww, bb, training), [x, w, b])).toBe(true);
      // Bias without weight: the node's inputs are [x, bias], and the gradients must line up with them.
      expect(gradcheck((xx, bb) => batchNorm(xx, rm, rv, null, bb, training), [x, b])).toBe(true);
      expect(gradcheck((xx, ww) => batchNorm(xx, rm, rv, ww, null, training, 0.1, 1e-3), [x, w])).toBe(true);
      expect(gradcheck((xx, ww, bb) => instanceNorm(xx, rm, rv, ww, bb, training), [x, w, b])).toBe(true);
    }
    expect(gradcheck((xx, ww, bb) => layerNorm(xx, [3, 2], ww, bb), [x, r([3, 2]), r([3, 2])])).toBe(true);
    expect(gradcheck((xx, bb) => layerNorm(xx, 2, null, bb), [x, r([2])])).toBe(true);
    expect(gradcheck((xx, ww, bb) => groupNorm(xx, 3, ww, bb), [x, w, b])).toBe(true);
    expect(gradcheck((xx, ww) => rmsNorm(xx, [3, 2], ww, 1e-3), [x, r([3, 2])])).toBe(true);
    expect(gradcheck((xx) => rmsNorm(xx, 2), [x])).toBe(true);
  });

  it('only the gradients asked for: weight alone, or the input alone', () => {
    const x = r([4, 3], false);
    const w = r([3]);
    const b = r([3], false);
    expect(gradcheck((ww) => batchNorm(x, null, null, ww, b, true), [w])).toBe(true);
    expect(gradcheck((ww) => layerNorm(x, 3, ww, b), [w])).toBe(true);
    const out = batchNorm(x, null, null, w, b, true);
    out.sum().backward();
    expect(b.grad).toBeNull();
    expect(x.grad).toBeNull();
    expect(w.grad).not.toBeNull();
  });

  it('is sensitive: a term the backward does not know about fails it', () => {
    const x = r([4, 3]);
    const missing = (xx: Tensor): Tensor => batchNorm(xx, null, null, null, null, true).add(noGrad(() => xx.mul(0.1)));
    expect(gradcheck(missing, [x], { raiseException: false })).toBe(false);
  });
});
