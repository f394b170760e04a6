import { describe, expect, it } from 'vitest';
import { Generator, noGrad, randn, tensor } from '@poise/tensor';
import { Adam, Flatten, LeakyReLU, Linear, ReLU, SGD, Sequential, Sigmoid, Tanh, mse, type Module } from '@poise/nn';
import { watch, type Recorder } from '../src';

function mlp(g: Generator, act: () => Module = () => new Tanh()): Sequential {
  return new Sequential(new Flatten(), new Linear(6, 8, { generator: g }), act(), new Linear(8, 2, { generator: g }));
}

/** One training step: forward, mse, backward, optimizer step, recorder step. */
function step(model: Module, opt: SGD | Adam, rec: Recorder | null, x = randn([4, 2, 3]), y = randn([4, 2]), lrOrOpt: 'opt' | number = 'opt') {
  const loss = mse(model.forward(x as never) as ReturnType<typeof randn>, y);
  opt.zeroGrad();
  loss.backward();
  opt.step();
  rec?.step(lrOrOpt === 'opt' ? opt : lrOrOpt);
}

describe('watch', () => {
  it('watches the leaf layers (not Flatten), in forward order, and records each on every step', () => {
    const g = new Generator().manualSeed(0);
    const model = mlp(g);
    const rec = watch(model);
    expect(rec.layers.map((l) => l.label)).toEqual(['1 (Linear)', '2 (Tanh)', '3 (Linear)']);
    expect(rec.parameters.map((p) => p.name)).toEqual(['1.weight', '1.bias', '3.weight', '3.bias']);
    const opt = new SGD(model.parameters(), { lr: 0.1 });
    for (let i = 0; i < 3; i++) step(model, opt, rec);
    const tanh = rec.layer('2 (Tanh)');
    expect(rec.layer('2')).toBe(tanh);
    expect(tanh.type).toBe('Tanh');
    expect(tanh.activation).toBe('tanh');
    expect(tanh.saturationRule).toBe('|y| > 0.99');
    expect(tanh.steps).toEqual([0, 1, 2]);
    expect(tanh.units).toBe(8);
    for (const a of [tanh.mean, tanh.std, tanh.saturation, tanh.deadFraction, tanh.gradMean, tanh.gradStd]) {
      expect(a).toHaveLength(3);
      expect(a.every(Number.isFinite)).toBe(true);
    }
    const lin = rec.layer('1');
    expect(lin.activation).toBeNull();
    expect(lin.preactivation).toBeNull();
    expect(lin.saturation.every(Number.isNaN)).toBe(true);
    expect(rec.parameter('1.weight').steps).toEqual([0, 1, 2]);
    expect(rec.stepIndex).toBe(3);
  });

  it('records the output statistics exactly', () => {
    const g = new Generator().manualSeed(1);
    const model = mlp(g);
    const rec = watch(model);
    const x = randn([5, 2, 3], { generator: g });
    (model.forward as (t: unknown) => unknown)(x);
    const lin = model.at(1) as Linear;
    const h = noGrad(() => x.flatten(1).matmul(lin.weight.t()).add(lin.bias!).tanh());
    const t = rec.layer('2');
    expect(t.mean[0]).toBeCloseTo(h.mean().item(), 6);
    expect(t.std[0]).toBeCloseTo(h.std().item(), 6);
    const saturated = Array.from(h.toTypedArray()).filter((v) => Math.abs(v) > 0.99).length;
    expect(t.saturation[0]).toBe(saturated / h.numel());
    expect(t.latest.output!.values).toEqual(h.toTypedArray());
  });

  it('with every = 3 records steps 0, 3, 6 and attaches no hooks in between', () => {
    const g = new Generator().manualSeed(2);
    const model = mlp(g);
    const opt = new SGD(model.parameters(), { lr: 0.05 });
    const rec = watch(model, { every: 3 });
    const attached: boolean[] = [];
    for (let i = 0; i < 8; i++) {
      attached.push(rec.attached);
      step(model, opt, rec);
    }
    expect(attached).toEqual([true, false, false, true, false, false, true, false]);
    expect(rec.layer('2').steps).toEqual([0, 3, 6]);
    expect(rec.parameter('3.weight').steps).toEqual([0, 3, 6]);
    expect(rec.sampling).toBe(false); // step 8
  });

  it('measures the update of any optimizer; with a learning rate it uses lr * grad (equal for plain SGD)', () => {
    const g = new Generator().manualSeed(3);
    const sgdModel = mlp(g);
    const x = randn([4, 2, 3], { generator: g });
    const y = randn([4, 2], { generator: g });
    const measured = watch(sgdModel);
    step(sgdModel, new SGD(sgdModel.parameters(), { lr: 0.1 }), measured, x, y);
    const again = mlp(new Generator().manualSeed(3));
    const byLr = watch(again);
    step(again, new SGD(again.parameters(), { lr: 0.1 }), byLr, x, y, 0.1);
    for (const name of ['1.weight', '3.weight', '3.bias']) {
      expect(measured.parameter(name).log10UpdateRatio[0]).toBeCloseTo(byLr.parameter(name).log10UpdateRatio[0], 4);
    }
    // Adam moves every weight by about lr at its first step: the update std is lr-sized whatever the gradient.
    const adamModel = mlp(new Generator().manualSeed(4));
    const rec = watch(adamModel);
    step(adamModel, new Adam(adamModel.parameters(), { lr: 1e-3 }), rec, x, y);
    const w = rec.parameter('1.weight');
    expect(10 ** w.log10UpdateRatio[0] * w.dataStd[0]).toBeGreaterThan(0.5e-3);
    expect(10 ** w.log10UpdateRatio[0] * w.dataStd[0]).toBeLessThan(1.1e-3);
  });

  it('records ReLU dead units and sigmoid saturation; LeakyReLU has no dead units', () => {
    const relu = new ReLU();
    const sig = new Sigmoid();
    const leaky = new LeakyReLU(0.1);
    const model = new Sequential(relu, sig, leaky);
    const rec = watch(model);
    // Unit 0 never positive; sigmoid of [0, 3, 10, ...]: 10 and 20 are outside [0.01, 0.99].
    const x = tensor([[-1, 3, 10], [-2, 0.5, 20], [-3, 1, -1]]);
    (model.forward as (t: unknown) => unknown)(x);
    expect(rec.layer('0').deadFraction[0]).toBeCloseTo(1 / 3, 12);
    expect(rec.layer('0').saturation[0]).toBeNaN();
    expect(rec.layer('1').saturationRule).toBe('y outside [0.01, 0.99]');
    expect(rec.layer('1').saturation[0]).toBeCloseTo(2 / 9, 12); // sigmoid(0)=0.5 for the ReLU's zeros
    expect(rec.layer('2').deadFraction[0]).toBeNaN();
    expect(rec.layer('2').activation).toBe('leaky-relu');
  });

  it('takes percentiles of one unit, or pooled, per layer', () => {
    const t1 = new Tanh();
    const t2 = new Tanh();
    const model = new Sequential(t1, t2);
    const rec = watch(model, { percentileUnit: { '0': 1 } });
    const x = tensor([[0, 10], [1, 20], [2, 30], [3, 40], [4, 50]], { dtype: 'float32' });
    (model.forward as (t: unknown) => unknown)(x);
    const pre = rec.layer('0').preactivation!;
    expect(pre.unit).toBe(1);
    expect(pre.p15[0]).toBeCloseTo(16, 10);
    expect(pre.p50[0]).toBe(30);
    expect(pre.p85[0]).toBeCloseTo(44, 10);
    expect(rec.layer('1').preactivation!.unit).toBe('pooled');
    expect(() => watch(model, { percentileUnit: -1 })).toThrow("percentileUnit must be 'pooled' or a unit index");
  });

  it('ignores eval-mode passes unless asked, and records nothing after remove()', () => {
    const g = new Generator().manualSeed(6);
    const model = mlp(g);
    const rec = watch(model);
    model.eval();
    (model.forward as (t: unknown) => unknown)(randn([3, 2, 3], { generator: g }));
    expect(rec.layer('2').steps).toEqual([]);
    const evalToo = watch(model, { recordEval: true });
    (model.forward as (t: unknown) => unknown)(randn([3, 2, 3], { generator: g }));
    expect(evalToo.layer('2').steps).toEqual([0]);
    evalToo.remove();
    rec.remove();
    model.train();
    (model.forward as (t: unknown) => unknown)(randn([3, 2, 3], { generator: g }));
    expect(rec.layer('2').steps).toEqual([]);
    expect(rec.attached).toBe(false);
    rec.step();
    expect(rec.attached).toBe(false);
    expect(rec.parameter('1.weight').steps).toEqual([]);
  });

  it('watches the layers it is told to', () => {
    const model = mlp(new Generator().manualSeed(7));
    expect(watch(model, { layers: ['2', '0'] }).layers.map((l) => l.name)).toEqual(['2', '0']);
    expect(watch(model, { layers: (_name, m) => m instanceof Linear }).layers.map((l) => l.name)).toEqual(['1', '3']);
    expect(() => watch(model, { layers: ['9'] })).toThrow("watch: no module named '9' in Sequential; its modules are '', '0', '1', '2', '3'");
    expect(() => watch(model, { every: 0 })).toThrow('watch: every must be a positive integer, got 0');
    expect(() => watch(model).layer('nope')).toThrow("Recorder: no watched layer 'nope'");
    expect(() => watch(model).step('fast' as never)).toThrow('Recorder.step: expected a learning rate, an optimizer');
  });

  it('draws charts from the existing builders', async () => {
    const g = new Generator().manualSeed(8);
    const model = mlp(g);
    const opt = new SGD(model.parameters(), { lr: 0.1 });
    const rec = watch(model);
    for (let i = 0; i < 4; i++) step(model, opt, rec);
    const charts = rec.charts();
    expect(Object.keys(charts).sort()).toEqual(['activationStd', 'activations', 'gradToData', 'gradients', 'percentiles', 'saturation', 'updateRatios']);
    expect(charts.activations!.kind).toBe('histograms');
    expect(charts.activations!.title).toBe('Activation distribution (step 3)');
    expect(charts.gradients!.kind).toBe('gradient-histograms');
    expect(charts.percentiles!.kind).toBe('percentile-bands');
    expect(charts.updateRatios!.kind).toBe('update-ratio-curves');
    const svg = await charts.saturation!.toSVG();
    expect(svg.startsWith('<svg')).toBe(true);
    expect(watch(mlp(g)).charts()).toEqual({});
  });
});
