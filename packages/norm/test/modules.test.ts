import { describe, expect, it } from 'vitest';
import { Module } from '@poise/nn';
import { Generator, noGrad, randn, tensor, zeros, type Tensor } from '@poise/tensor';
import {
  BatchNorm1d, BatchNorm2d, GroupNorm, InstanceNorm1d, InstanceNorm2d, LayerNorm, RMSNorm,
  batchNorm, instanceNorm, layerNorm, machineEpsilon, rmsNorm,
} from '../src';

const gen = new Generator().manualSeed(2024);
const r = (shape: number[], dtype: 'float32' | 'float64' = 'float64'): Tensor => randn(shape, { generator: gen, dtype });
const values = (t: Tensor | null): number[] => Array.from(t!.toTypedArray());

function expectAllClose(a: number[], b: number[], tol: number, what = ''): void {
  expect(a.length, what).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i]), `${what} [${i}]: ${a[i]} vs ${b[i]}`).toBeLessThanOrEqual(tol * (1 + Math.abs(b[i])));
}

describe('running statistics', () => {
  it('BatchNorm1d, momentum 0.1 over 5 steps: the blend of batch means and unbiased variances', () => {
    const bn = new BatchNorm1d(4, { dtype: 'float64' });
    let mean = [0, 0, 0, 0];
    let vr = [1, 1, 1, 1];
    for (let step = 0; step < 5; step++) {
      const x = r([6, 4]).mul(step + 1).add(step);
      bn.forward(x);
      const bm = values(x.mean(0));
      const bv = values(x.var(0)); // unbiased
      mean = mean.map((m, c) => 0.9 * m + 0.1 * bm[c]);
      vr = vr.map((v, c) => 0.9 * v + 0.1 * bv[c]);
    }
    expectAllClose(values(bn.runningMean), mean, 1e-12, 'running_mean');
    expectAllClose(values(bn.runningVar), vr, 1e-12, 'running_var');
    expect(bn.numBatchesTracked!.item()).toBe(5);
    expect(bn.numBatchesTracked!.dtype).toBe('int32');
  });

  it('momentum null: the cumulative average of the batch statistics (1/num_batches_tracked)', () => {
    const bn = new BatchNorm2d(2, { momentum: null, dtype: 'float64' });
    const means: number[][] = [];
    const vars: number[][] = [];
    for (let step = 0; step < 4; step++) {
      const x = r([3, 2, 2, 2]).add(step);
      bn.forward(x);
      means.push(values(x.mean([0, 2, 3])));
      vars.push(values(x.var([0, 2, 3])));
    }
    const avg = (rows: number[][]) => rows[0].map((_, c) => rows.reduce((s, row) => s + row[c], 0) / rows.length);
    expectAllClose(values(bn.runningMean), avg(means), 1e-12, 'running_mean');
    expectAllClose(values(bn.runningVar), avg(vars), 1e-12, 'running_var');
    expect(bn.numBatchesTracked!.item()).toBe(4);
  });

  it('are updated in place: the same tensors, seen through an earlier stateDict', () => {
    const bn = new BatchNorm1d(3);
    const rm = bn.runningMean!;
    const sd = bn.stateDict();
    bn.forward(r([5, 3], 'float32').add(2));
    expect(bn.runningMean).toBe(rm);
    expect(values(rm).every((v) => v > 0.1)).toBe(true);
    expect(values(sd.running_mean)).toEqual(values(rm));
    expect(sd.num_batches_tracked.item()).toBe(1);
    expect(rm.requiresGrad).toBe(false);
    expect(rm.gradFn).toBeNull();
  });

  it('are not touched in eval mode, nor by a rejected batch', () => {
    const bn = new BatchNorm1d(3);
    bn.forward(r([5, 3], 'float32'));
    const before = [values(bn.runningMean), values(bn.runningVar), bn.numBatchesTracked!.item()];
    bn.eval();
    bn.forward(r([5, 3], 'float32').add(10));
    bn.train();
    expect(() => bn.forward(r([1, 3], 'float32'))).toThrow(RangeError);
    expect([values(bn.runningMean), values(bn.runningVar), bn.numBatchesTracked!.item()]).toEqual(before);
  });

  it('eval mode normalizes with the running statistics; without them, with the batch', () => {
    const bn = new BatchNorm1d(3, { dtype: 'float64' });
    noGrad(() => {
      bn.runningMean!.copy_(tensor([1, 2, 3], { dtype: 'float64' }));
      bn.runningVar!.copy_(tensor([4, 9, 16], { dtype: 'float64' }));
    });
    bn.eval();
    const x = r([4, 3]);
    const expected = x.sub(tensor([1, 2, 3], { dtype: 'float64' })).div(tensor([4, 9, 16], { dtype: 'float64' }).add(1e-5).sqrt());
    expectAllClose(values(bn.forward(x)), values(expected), 1e-12);

    const free = new BatchNorm1d(3, { trackRunningStats: false, dtype: 'float64' }).eval();
    expect(free.runningMean).toBeNull();
    const batch = x.sub(x.mean(0)).div(x.var(0, { correction: 0 }).add(1e-5).sqrt());
    expectAllClose(values(free.forward(x)), values(batch), 1e-12);
  });

  it('InstanceNorm: running statistics are the batch average of the instances, and num_batches_tracked is not counted', () => {
    const m = new InstanceNorm1d(2, { trackRunningStats: true, momentum: 0.5, dtype: 'float64' });
    const x = r([3, 2, 5]);
    m.forward(x);
    const bm = values(x.mean(2).mean(0));
    const bv = values(x.var(2).mean(0));
    expectAllClose(values(m.runningMean), bm.map((v) => 0.5 * v), 1e-12);
    expectAllClose(values(m.runningVar), bv.map((v) => 0.5 + 0.5 * v), 1e-12);
    expect(m.numBatchesTracked!.item()).toBe(0);
    // momentum null: left as they are (PyTorch 2.x passes 0.0).
    const frozen = new InstanceNorm1d(2, { trackRunningStats: true, momentum: null, dtype: 'float64' });
    frozen.forward(x);
    expect(values(frozen.runningMean)).toEqual([0, 0]);
    // eval with tracking: the running statistics; an unbatched [C, L] input is a batch of one.
    m.eval();
    const rm = m.runningMean!.reshape([2, 1]);
    const rv = m.runningVar!.reshape([2, 1]);
    const x2 = r([2, 5]);
    expectAllClose(values(m.forward(x2)), values(x2.sub(rm).div(rv.add(1e-5).sqrt())), 1e-12);
    expect(m.forward(x2).shape).toEqual([2, 5]);
  });

  it('the functional forms update the caller\'s tensors in place', () => {
    const rm = zeros([3], { dtype: 'float64' });
    const rv = zeros([3], { dtype: 'float64' }).add(1);
    const x = r([4, 3, 2]);
    batchNorm(x, rm, rv, null, null, true, 0.25);
    expectAllClose(values(rm), values(x.mean([0, 2]).mul(0.25)), 1e-12);
    expectAllClose(values(rv), values(x.var([0, 2]).mul(0.25).add(0.75)), 1e-12);
    const rm2 = zeros([3], { dtype: 'float64' });
    instanceNorm(x, rm2, null, null, null, true, 1);
    expectAllClose(values(rm2), values(x.mean(2).mean(0)), 1e-12);
  });
});

describe('outputs against compositions of tensor ops (float64)', () => {
  it('LayerNorm, GroupNorm, RMSNorm and InstanceNorm2d', () => {
    const x = r([2, 4, 3]);
    const w = r([4, 3]);
    const b = r([4, 3]);
    const ln = x.sub(x.mean([1, 2], { keepdim: true })).div(x.var([1, 2], { keepdim: true, correction: 0 }).add(1e-5).sqrt()).mul(w).add(b);
    expectAllClose(values(layerNorm(x, [4, 3], w, b)), values(ln), 1e-12, 'layerNorm');

    const gn = new GroupNorm(2, 4, { dtype: 'float64' });
    const xg = x.reshape([2, 2, 6]);
    const ref = xg.sub(xg.mean(2, { keepdim: true })).div(xg.var(2, { keepdim: true, correction: 0 }).add(1e-5).sqrt()).reshape([2, 4, 3]);
    expectAllClose(values(gn.forward(x)), values(ref), 1e-12, 'GroupNorm');

    const rms = x.div(x.mul(x).mean(2, { keepdim: true }).add(machineEpsilon('float64')).sqrt());
    expectAllClose(values(rmsNorm(x, 3)), values(rms), 1e-12, 'rmsNorm');
    expectAllClose(values(new RMSNorm(3, { dtype: 'float64' }).forward(x)), values(rms), 1e-12, 'RMSNorm');

    const x4 = r([2, 3, 2, 2]);
    const inorm = x4.sub(x4.mean([2, 3], { keepdim: true })).div(x4.var([2, 3], { keepdim: true, correction: 0 }).add(1e-5).sqrt());
    expectAllClose(values(new InstanceNorm2d(3, { dtype: 'float64' }).forward(x4)), values(inorm), 1e-12, 'InstanceNorm2d');
  });

  it('a channel with a large mean and a small spread keeps its variance (shifted sums)', () => {
    const x = tensor([[1e4 + 1e-2], [1e4 - 1e-2], [1e4 + 2e-2], [1e4 - 2e-2]], { dtype: 'float64' });
    const y = values(batchNorm(x, null, null, null, null, true, 0.1, 0));
    const ref = values(x.sub(x.mean(0)).div(x.var(0, { correction: 0 }).sqrt()));
    expectAllClose(y, ref, 1e-9);
  });

  it('float32 in, float32 out; the output does not alias the input', () => {
    const x = r([8, 5], 'float32');
    const y = new BatchNorm1d(5).forward(x);
    expect(y.dtype).toBe('float32');
    expect(y.storage).not.toBe(x.storage);
    expect(new LayerNorm(5).forward(x).dtype).toBe('float32');
  });

  it('non-contiguous inputs are read in logical order', () => {
    const x = r([5, 4]);
    const xt = x.t(); // [4, 5], a transposed view
    expect(xt.isContiguous()).toBe(false);
    expectAllClose(values(layerNorm(xt, 5)), values(layerNorm(xt.contiguous(), 5)), 0);
    expectAllClose(values(batchNorm(xt, null, null, null, null, true)), values(batchNorm(xt.contiguous(), null, null, null, null, true)), 0);
  });
});

describe('module state', () => {
  it("stateDict keys are PyTorch's", () => {
    const keys = (m: Module) => Object.keys(m.stateDict());
    expect(keys(new BatchNorm1d(200))).toEqual(['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']);
    expect(keys(new BatchNorm2d(3, { affine: false }))).toEqual(['running_mean', 'running_var', 'num_batches_tracked']);
    expect(keys(new BatchNorm1d(3, { trackRunningStats: false }))).toEqual(['weight', 'bias']);
    expect(keys(new InstanceNorm1d(3))).toEqual([]);
    expect(keys(new InstanceNorm2d(3, { affine: true, trackRunningStats: true }))).toEqual(['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']);
    expect(keys(new LayerNorm(5))).toEqual(['weight', 'bias']);
    expect(keys(new LayerNorm(5, { bias: false }))).toEqual(['weight']);
    expect(keys(new LayerNorm(5, { elementwiseAffine: false }))).toEqual([]);
    expect(keys(new GroupNorm(2, 4))).toEqual(['weight', 'bias']);
    expect(keys(new RMSNorm([2, 3]))).toEqual(['weight']);

    class Net extends Module {
      bn = new BatchNorm1d(4);
      ln = new LayerNorm(4);
      forward(x: Tensor): Tensor {
        return this.ln.forward(this.bn.forward(x));
      }
    }
    expect(keys(new Net())).toEqual([
      'bn.weight', 'bn.bias', 'bn.running_mean', 'bn.running_var', 'bn.num_batches_tracked', 'ln.weight', 'ln.bias',
    ]);
    expect(new Net().parameters().length).toBe(4);
  });

  it('parameters and buffers have the right shapes, dtypes and initial values', () => {
    const bn = new BatchNorm1d(3, { dtype: 'float64' });
    expect(values(bn.weight)).toEqual([1, 1, 1]);
    expect(values(bn.bias)).toEqual([0, 0, 0]);
    expect(values(bn.runningMean)).toEqual([0, 0, 0]);
    expect(values(bn.runningVar)).toEqual([1, 1, 1]);
    expect(bn.numBatchesTracked!.shape).toEqual([]);
    expect(bn.weight!.dtype).toBe('float64');
    expect(bn.weight!.requiresGrad).toBe(true);
    expect(new LayerNorm([2, 3]).weight!.shape).toEqual([2, 3]);
  });

  it('loadStateDict round trip, resetRunningStats, and .to(dtype)', () => {
    const a = new BatchNorm1d(3);
    a.forward(r([4, 3], 'float32').add(1));
    const b = new BatchNorm1d(3);
    b.loadStateDict(a.stateDict());
    expect(values(b.runningMean)).toEqual(values(a.runningMean));
    expect(b.numBatchesTracked!.item()).toBe(1);
    b.resetRunningStats();
    expect(values(b.runningMean)).toEqual([0, 0, 0]);
    expect(values(b.runningVar)).toEqual([1, 1, 1]);
    expect(b.numBatchesTracked!.item()).toBe(0);
    a.to('float64');
    expect(a.weight!.dtype).toBe('float64');
    expect(a.runningMean!.dtype).toBe('float64');
    expect(a.forward(r([4, 3])).dtype).toBe('float64');
    expect(a.numBatchesTracked!.item()).toBe(2);
  });

  it('extraRepr and toString read like PyTorch', () => {
    expect(new BatchNorm1d(200).toString()).toBe('BatchNorm1d(200, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)');
    expect(new BatchNorm2d(3, { momentum: null, affine: false }).extraRepr()).toBe('3, eps=1e-05, momentum=None, affine=False, track_running_stats=True');
    expect(new BatchNorm1d(3, { eps: 0.001, momentum: 0.001 }).extraRepr()).toBe('3, eps=0.001, momentum=0.001, affine=True, track_running_stats=True');
    expect(new InstanceNorm1d(3).extraRepr()).toBe('3, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False');
    expect(new LayerNorm(200).toString()).toBe('LayerNorm((200,), eps=1e-05, elementwise_affine=True)');
    expect(new LayerNorm([3, 4], { eps: 1e-6 }).extraRepr()).toBe('(3, 4), eps=1e-06, elementwise_affine=True');
    expect(new GroupNorm(2, 4).toString()).toBe('GroupNorm(2, 4, eps=1e-05, affine=True)');
    expect(new RMSNorm(200).extraRepr()).toBe('(200,), eps=None, elementwise_affine=True');
    expect(new RMSNorm([2], { eps: 1e-6, elementwiseAffine: false }).extraRepr()).toBe('(2,), eps=1e-06, elementwise_affine=False');
  });

  it('RMSNorm eps defaults to the dtype\'s machine epsilon', () => {
    expect(machineEpsilon('float32')).toBe(1.1920928955078125e-7);
    expect(machineEpsilon('float64')).toBe(2.220446049250313e-16);
    // A zero row: x / sqrt(0 + eps) is 0; a tiny row shows the eps actually used.
    const x = tensor([[1e-4, -1e-4]], { dtype: 'float64' });
    const y = values(rmsNorm(x, 2));
    expect(y[0]).toBeCloseTo(1e-4 / Math.sqrt(1e-8 + 2 ** -52), 12);
    const y32 = values(new RMSNorm(2).forward(tensor([[1e-4, -1e-4]])));
    expect(y32[0]).toBeCloseTo(1e-4 / Math.sqrt(1e-8 + 2 ** -23), 5);
  });

  it('train() and eval() switch the mode of every norm layer in a model', () => {
    class Net extends Module {
      a = new BatchNorm1d(2);
      b = new InstanceNorm1d(2, { trackRunningStats: true });
      forward(x: Tensor): Tensor {
        return this.b.forward(this.a.forward(x));
      }
    }
    const net = new Net().eval();
    expect(net.a.training).toBe(false);
    expect(net.b.training).toBe(false);
    net.train();
    expect(net.a.training && net.b.training).toBe(true);
  });
});
