import { describe, expect, it } from 'vitest';
import { Conv2d, Linear, ReLU, Sequential } from '@poise/nn';
import { Generator, noGrad, randn, type Tensor } from '@poise/tensor';
import { BatchNorm1d, BatchNorm2d, LayerNorm, populationStatistics } from '../src';

const gen = new Generator().manualSeed(7);
const values = (t: Tensor): number[] => Array.from(t.toTypedArray() as ArrayLike<number>);

/** Per-channel mean and variance of [N, C, *] batches pooled together, straight from the definition, in float64. */
function direct(batches: number[][][], bessel: boolean): { mean: number[]; variance: number[] } {
  // batches[b][c] = every value of channel c in batch b
  const C = batches[0].length;
  const mean: number[] = [];
  const variance: number[] = [];
  for (let c = 0; c < C; c++) {
    const all = batches.flatMap((b) => b[c]);
    const m = all.reduce((a, v) => a + v, 0) / all.length;
    const ss = all.reduce((a, v) => a + (v - m) ** 2, 0);
    mean.push(m);
    variance.push(ss / (bessel ? all.length - 1 : all.length));
  }
  return { mean, variance };
}

/** The values of each channel of a [N, C, *] tensor. */
function byChannel(x: Tensor): number[][] {
  const [N, C] = x.shape;
  const S = x.shape.slice(2).reduce((a, b) => a * b, 1);
  const v = values(x.contiguous());
  return Array.from({ length: C }, (_, c) => {
    const out: number[] = [];
    for (let n = 0; n < N; n++) for (let s = 0; s < S; s++) out.push(v[(n * C + c) * S + s]);
    return out;
  });
}

function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what: string): void {
  expect(a.length, what).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i]), `${what}[${i}]: ${a[i]} vs ${b[i]}`).toBeLessThanOrEqual(tol * (1 + Math.abs(b[i])));
}

/** Linear -> BN -> ReLU -> Linear -> BN, in float64, with weights far from the identity so the layers' inputs differ. */
function mlp(): Sequential {
  const g = new Generator().manualSeed(3);
  const model = new Sequential(
    new Linear(5, 4, { generator: g, dtype: 'float64' }), new BatchNorm1d(4, { dtype: 'float64' }), new ReLU(),
    new Linear(4, 3, { generator: g, dtype: 'float64' }), new BatchNorm1d(3, { dtype: 'float64' }),
  );
  noGrad(() => {
    (model.at(1) as BatchNorm1d).weight!.copy_(randn([4], { generator: g, dtype: 'float64' }).mul(2));
    (model.at(1) as BatchNorm1d).bias!.copy_(randn([4], { generator: g, dtype: 'float64' }));
  });
  return model;
}

describe('populationStatistics', () => {
  const batches = Array.from({ length: 6 }, (_, i) => randn([8, 5], { generator: gen, dtype: 'float64' }).mul(1 + i / 3).add(i / 2));

  it('writes the pooled mean and unbiased variance of every BatchNorm input (float64 direct computation)', () => {
    const model = mlp();
    const [lin1, bn1, relu, lin2, bn2] = [0, 1, 2, 3, 4].map((i) => model.at(i)) as [Linear, BatchNorm1d, ReLU, Linear, BatchNorm1d];
    // What each BN layer sees when every BN normalizes with its batch's statistics (training mode), computed
    // separately: the first layer's input is lin1(x); the second's is lin2(relu(bn1_train(lin1(x)))).
    const in1: number[][][] = [];
    const in2: number[][][] = [];
    noGrad(() => {
      for (const x of batches) {
        const h = lin1.forward(x);
        in1.push(byChannel(h));
        const m = h.mean(0, { keepdim: true });
        const v = h.var(0, { keepdim: true, unbiased: false });
        const y = h.sub(m).div(v.add(1e-5).sqrt()).mul(bn1.weight!).add(bn1.bias!);
        in2.push(byChannel(lin2.forward(relu.forward(y))));
      }
    });
    model.eval();
    const measured = populationStatistics(model, batches);
    expect(model.training).toBe(false); // restored
    expect(measured.map((l) => [l.name, l.batches, l.count])).toEqual([['1', 6, 48], ['4', 6, 48]]);
    for (const [layer, inputs, label] of [[bn1, in1, 'bn1'], [bn2, in2, 'bn2']] as const) {
      const ref = direct(inputs, true);
      expectClose(values(layer.runningMean!), ref.mean, 1e-12, `${label} mean`);
      expectClose(values(layer.runningVar!), ref.variance, 1e-12, `${label} var`);
      expect(layer.numBatchesTracked!.item()).toBe(6);
    }
    expectClose(measured[1].variance, direct(in2, true).variance, 1e-12, 'returned variance');
  });

  it("'batch-average' is Algorithm 2 and PyTorch's momentum=None: the mean of the batches' unbiased variances", () => {
    const model = mlp();
    const reference = mlp(); // the same weights; its BN layers accumulate with momentum null, as update_bn does
    for (const i of [1, 4]) {
      const bn = reference.at(i) as BatchNorm1d;
      bn.momentum = null;
      bn.resetRunningStats();
    }
    noGrad(() => batches.forEach((b) => reference.forward(b)));
    populationStatistics(model, batches, { estimator: 'batch-average' });
    for (const i of [1, 4]) {
      const got = model.at(i) as BatchNorm1d;
      const want = reference.at(i) as BatchNorm1d;
      expectClose(values(got.runningMean!), values(want.runningMean!), 1e-12, `layer ${i} mean`);
      expectClose(values(got.runningVar!), values(want.runningVar!), 1e-12, `layer ${i} var`);
    }
    // Same batch size everywhere: the means agree with 'pooled', the variances do not (the between-batch spread).
    const pooled = populationStatistics(mlp(), batches);
    expectClose(values((model.at(1) as BatchNorm1d).runningMean!), pooled[0].mean, 1e-12, 'means agree');
    expect(Math.abs(values((model.at(1) as BatchNorm1d).runningVar!)[0] - pooled[0].variance[0])).toBeGreaterThan(1e-6);
  });

  it('pools over batch and spatial positions for BatchNorm2d, float32 buffers, uneven batch sizes', () => {
    const g = new Generator().manualSeed(11);
    const conv = new Conv2d(2, 3, 3, { generator: g });
    const bn = new BatchNorm2d(3);
    const model = new Sequential(conv, bn, new ReLU());
    const xs = [5, 3, 7].map((n) => randn([n, 2, 6, 6], { generator: g }).mul(2).add(1));
    const inputs = noGrad(() => xs.map((x) => byChannel(conv.forward(x).to('float64'))));
    const [layer] = populationStatistics(model, xs);
    expect(layer.count).toBe(15 * 16);
    const ref = direct(inputs, true);
    expect(bn.runningMean!.dtype).toBe('float32');
    expectClose(values(bn.runningMean!), ref.mean, 1e-6, 'mean');
    expectClose(values(bn.runningVar!), ref.variance, 1e-6, 'var');
    expectClose(layer.variance, ref.variance, 1e-12, 'float64 result'); // exact before rounding to float32
  });

  it('leaves parameters alone and restores each module\'s mode', () => {
    const model = mlp();
    const before = model.parameters().map(values);
    model.at(2).training = false; // a mixed state must come back as it was
    populationStatistics(model, batches);
    expect(model.parameters().map(values)).toEqual(before);
    expect([...model.modules()].map((m) => m.training)).toEqual([true, true, true, false, true, true]);
  });

  it('accepts any batch shape through `forward`', () => {
    const model = mlp();
    const labelled = batches.map((x) => ({ x, y: 0 }));
    const [first] = populationStatistics(model, labelled, { forward: (b: { x: Tensor }) => model.forward(b.x) });
    expect(first.batches).toBe(6);
  });

  it('explains bad input', () => {
    expect(() => populationStatistics(new Sequential(new Linear(2, 2), new LayerNorm(2)), batches)).toThrow(
      'populationStatistics: the model has no BatchNorm layer with running statistics (trackRunningStats: true)',
    );
    expect(() => populationStatistics(mlp(), [])).toThrow('populationStatistics: no batches were given');
    expect(() => populationStatistics(mlp(), batches, { estimator: 'median' as never })).toThrow(
      "populationStatistics: estimator must be 'pooled' or 'batch-average', got median",
    );
    // One example per batch has no batch statistics, as in training; the buffers are left as they were.
    const model = mlp();
    const bn = model.at(1) as BatchNorm1d;
    const bad = [batches[0], randn([1, 5], { dtype: 'float64' })];
    expect(() => populationStatistics(model, bad)).toThrow(
      "populationStatistics: BatchNorm layer '1' needs at least 2 values per channel in a batch (as in training), got input of shape [1, 4]",
    );
    expect(values(bn.runningMean!)).toEqual([0, 0, 0, 0]);
    expect(values(bn.runningVar!)).toEqual([1, 1, 1, 1]);
    expect(bn.numBatchesTracked!.item()).toBe(0);
  });
});
