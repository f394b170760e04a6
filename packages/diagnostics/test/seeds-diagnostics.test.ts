/**
 * The seeds' story told by the recorders, on the real names.txt: the unscaled init saturates its tanh
 * layer, the Kaiming scaling fixes most of it, batch norm the rest; and `report` says so in words.
 */
import { describe, expect, it } from 'vitest';
import { makemore, namesSync } from '@poise/datasets';
import { SGD, crossEntropy } from '@poise/nn';
import { randint, tensor } from '@poise/tensor';
import { report, watch, type Recorder } from '../src';
import { seedsModel, type SeedVariant } from './seeds-model';

const names = namesSync({ quiet: true });
const data = makemore(names.words, { blockSize: 3, seed: 42 });
const { X: Xtr, Y: Ytr } = data.train;

/** Trains `steps` steps as the seeds do (batch 32, lr 0.1) while `watch` records every `every`-th. */
function train(variant: SeedVariant, steps: number, every = 1): { recorder: Recorder; tanh: string; hidden: string; losses: number[] } {
  const { model, g, tanh, hidden } = seedsModel(variant);
  const opt = new SGD(model.parameters(), { lr: 0.1 });
  const recorder = watch(model, { every });
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    const ix = randint(0, Xtr.shape[0], [32], { generator: g });
    const loss = crossEntropy(model.forward(Xtr.index(ix)), Ytr.index(ix));
    opt.zeroGrad();
    loss.backward();
    opt.step();
    recorder.step(opt);
    losses.push(loss.item());
  }
  recorder.remove();
  return { recorder, tanh, hidden, losses };
}

// PyTorch 1.13 on the same code (packages/experiments/test/fixtures/makemore_fixtures.py): the tanh
// saturation |h| > 0.99 of the first batch. 3,901 and 521 of the 32 x 200 values; the seeds' hand-written
// batch norm (.std(0), unbiased, no eps) gives 35.
const TORCH_SATURATION0 = { baseline: 0.6095312237739563, kaiming: 0.08140625059604645, batchnormSeeds: 0.0054687499068677425 };

describe("the seeds' model, watched", () => {
  it('uses the real names.txt from $POISE_DATA', () => {
    expect(names.source).toBe('env');
    expect(Xtr.shape).toEqual([182625, 3]);
  });

  const runs = {
    baseline: train('baseline', 1),
    kaiming: train('kaiming', 1),
    batchnorm: train('batchnorm', 1),
  };

  it('starts from the seeds\' weights: the first losses are PyTorch\'s', () => {
    expect(runs.baseline.losses[0]).toBeCloseTo(27.8817, 3);
    expect(runs.kaiming.losses[0]).toBeCloseTo(3.3179, 3);
  });

  it('records the saturation PyTorch measures, and it falls with Kaiming scaling and again with batch norm', () => {
    const sat = (v: keyof typeof runs) => runs[v].recorder.layer(runs[v].tanh).saturation[0];
    expect(sat('baseline')).toBe(3901 / 6400); // 61.0%
    expect(sat('kaiming')).toBe(521 / 6400); // 8.1%
    expect(sat('batchnorm')).toBe(39 / 6400); // 0.6%
    expect(Math.fround(sat('baseline'))).toBe(TORCH_SATURATION0.baseline);
    expect(Math.fround(sat('kaiming'))).toBe(TORCH_SATURATION0.kaiming);
    expect(sat('baseline')).toBeGreaterThan(sat('kaiming'));
    expect(sat('kaiming')).toBeGreaterThan(sat('batchnorm'));
  });

  it("batch norm's 39 saturated values are the seeds' 35 with PyTorch's BatchNorm1d (biased variance) instead of .std(0)", () => {
    const hpreact = runs.batchnorm.recorder.layer('2').latest.output!;
    const h = tensor(hpreact.values, { shape: hpreact.shape });
    const seedsBn = h.sub(h.mean(0, { keepdim: true })).div(h.std(0, { keepdim: true })).tanh(); // the seed's bnmeani, bnstdi
    const saturated = seedsBn.abs().gt(0.99).sum().item();
    expect(saturated).toBe(35);
    expect(Math.fround(saturated / 6400)).toBe(TORCH_SATURATION0.batchnormSeeds);
  });

  it('records mean, std, dead units, pre-activation percentiles and gradients of every layer', () => {
    const { recorder, tanh } = runs.baseline;
    expect(recorder.layers.map((l) => l.label)).toEqual(['0 (Embedding)', '2 (Linear)', '3 (Tanh)', '4 (Linear)']);
    const t = recorder.layer(tanh);
    expect(t.steps).toEqual([0]);
    expect(t.units).toBe(200);
    expect(t.std[0]).toBeGreaterThan(0.9); // the seeds' histogram: most of h at -1 and +1
    expect(t.deadFraction[0]).toBe(0); // at step 0 no column of the map is all white
    const pre = t.preactivation!;
    expect(pre.unit).toBe('pooled');
    expect(pre.p15[0]).toBeLessThan(-4); // hpreact spreads over about [-15, 15]
    expect(pre.p85[0]).toBeGreaterThan(4);
    const k = runs.kaiming.recorder.layer(runs.kaiming.tanh).preactivation!;
    expect(k.p85[0] - k.p15[0]).toBeLessThan(4);
    const b = runs.batchnorm.recorder.layer(runs.batchnorm.tanh).preactivation!;
    expect(b.p15[0]).toBeCloseTo(-1.0364, 0); // N(0, 1)'s 15th percentile, within the batch's noise
    expect(b.p85[0]).toBeCloseTo(1.0364, 0);
    for (const l of recorder.layers) expect(l.gradStd[0]).toBeGreaterThan(0);
    expect(t.latest.output!.shape).toEqual([32, 200]);
    expect(t.latest.grad!.shape).toEqual([32, 200]);
  });

  it('records grad:data and update:data ratios; the measured update equals lr * grad for SGD', () => {
    const { recorder } = runs.kaiming;
    const w1 = recorder.parameter('2.weight');
    expect(w1.shape).toEqual([200, 30]);
    expect(w1.steps).toEqual([0]);
    expect(w1.gradToData[0]).toBeCloseTo(w1.gradStd[0] / w1.dataStd[0], 12);
    const karpathy = Math.log10((0.1 * w1.gradStd[0]) / w1.dataStd[0]);
    expect(w1.log10UpdateRatio[0]).toBeCloseTo(karpathy, 4);
    expect(w1.log10UpdateRatio[0]).toBeGreaterThan(-4);
    expect(w1.log10UpdateRatio[0]).toBeLessThan(-3);
    // The output layer, scaled by 0.01, moves fast at first (Karpathy's plot shows the same).
    expect(recorder.parameter('4.weight').log10UpdateRatio[0]).toBeGreaterThan(-1);
  });

  it('report() flags the saturated tanh units of the unscaled init, and not those of the fixed ones', () => {
    const base = report(runs.baseline.recorder, { step: 0 });
    const row = base.row(runs.baseline.tanh);
    expect(row.status).toBe('problem');
    expect(row.issues.map((i) => [i.code, i.severity])).toContainEqual(['saturated', 'problem']);
    expect(row.verdict).toBe('saturated (61.0% > 25%)');
    expect(row.saturation).toBe(3901 / 6400);
    expect(base.toString()).toContain('3 (Tanh)');
    expect(base.toString()).toMatch(/3 \(Tanh\): problem: 61\.0% of the outputs are saturated \(\|y\| > 0\.99\)/);

    const kaiming = report(runs.kaiming.recorder, { step: 0 }).row(runs.kaiming.tanh);
    expect(kaiming.status).toBe('warning'); // 8.1%: above Karpathy's ~5%, far below a problem
    expect(kaiming.verdict).toBe('saturating (8.1% > 5%)');

    const bn = report(runs.batchnorm.recorder, { step: 0 }).row(runs.batchnorm.tanh);
    expect(bn.status).toBe('ok');
    expect(bn.verdict).toBe('ok');
    expect(bn.saturation).toBeCloseTo(0.0061, 4);
  });

  it('with every = 50, records steps 0, 50, 100 only; the baseline stays saturated, Kaiming does not', () => {
    const base = train('baseline', 120, 50);
    const kaiming = train('kaiming', 120, 50);
    const b = base.recorder.layer(base.tanh);
    const k = kaiming.recorder.layer(kaiming.tanh);
    expect(b.steps).toEqual([0, 50, 100]);
    expect(base.recorder.parameter('2.weight').steps).toEqual([0, 50, 100]);
    for (let i = 0; i < 3; i++) {
      expect(b.saturation[i]).toBeGreaterThan(0.5);
      expect(k.saturation[i]).toBeLessThan(0.12);
    }
    expect(report(base.recorder).step).toBe(100);
    expect(report(base.recorder).row(base.tanh).issues[0].code).toBe('saturated');
  });
});
