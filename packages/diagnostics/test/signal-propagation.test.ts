/**
 * He et al. (2015, Sec. 2.2) in one call: through 30 Linear + ReLU layers, Xavier's variance 1/fan
 * (gain 1, square layers) halves the second moment at each layer, so the signal shrinks by about 2^-L/2,
 * while Kaiming's 2/fan keeps it; the gradients do the same on the way back.
 */
import { describe, expect, it } from 'vitest';
import { Generator, randn, tensor } from '@poise/tensor';
import { Linear, ReLU, Sequential, Tanh } from '@poise/nn';
import { BatchNorm1d } from '@poise/norm';
import { kaimingNormal, xavierNormal, zeros } from '@poise/init';
import { report, signalPropagation } from '../src';

const DEPTH = 30;
const WIDTH = 256;
const BATCH = 128;

function reluMlp(init: 'xavier' | 'kaiming', g: Generator): Sequential {
  const layers = [];
  for (let i = 0; i < DEPTH; i++) {
    const linear = new Linear(WIDTH, WIDTH, { generator: g });
    if (init === 'xavier') xavierNormal(linear.weight, { generator: g });
    else kaimingNormal(linear.weight, { nonlinearity: 'relu', generator: g });
    zeros(linear.bias!);
    layers.push(linear, new ReLU());
  }
  return new Sequential(...layers);
}

function measure(init: 'xavier' | 'kaiming') {
  const g = new Generator().manualSeed(0);
  const model = reluMlp(init, g);
  const x = randn([BATCH, WIDTH], { generator: g });
  const result = signalPropagation(model, x, { generator: g });
  const relus = result.layers.filter((l) => l.type === 'ReLU');
  return {
    model,
    result,
    relus,
    activationRatio: relus[DEPTH - 1].activationStd / relus[0].activationStd,
    // The gradient travels backwards: the first layer's relative to the last layer's.
    gradientRatio: relus[0].gradientStd / relus[DEPTH - 1].gradientStd,
  };
}

describe('signalPropagation on a 30-layer ReLU MLP', () => {
  const xavier = measure('xavier');
  const kaiming = measure('kaiming');

  it('measures every Linear and ReLU layer once, in forward order', () => {
    expect(xavier.result.layers).toHaveLength(2 * DEPTH);
    expect(xavier.result.layers.slice(0, 3).map((l) => [l.depth, l.label])).toEqual([
      [1, '0 (Linear)'],
      [2, '1 (ReLU)'],
      [3, '2 (Linear)'],
    ]);
    expect(xavier.relus).toHaveLength(DEPTH);
    expect(xavier.result.input.std).toBeCloseTo(1, 1);
  });

  it('Xavier: the last layer\'s activation std is below 1e-3 of the first\'s, about 2^-29/2', () => {
    expect(xavier.activationRatio).toBeLessThan(1e-3);
    const theory = 2 ** (-(DEPTH - 1) / 2); // 4.3e-5
    expect(xavier.activationRatio).toBeGreaterThan(theory / 2);
    expect(xavier.activationRatio).toBeLessThan(theory * 2);
    expect(xavier.activationRatio).toBeCloseTo(3.2348e-5, 8);
    expect(xavier.gradientRatio).toBeLessThan(1e-3);
  });

  it('Kaiming: the last layer\'s activation std is within a factor 2 of the first\'s', () => {
    expect(kaiming.activationRatio).toBeGreaterThan(0.5);
    expect(kaiming.activationRatio).toBeLessThan(2);
    expect(kaiming.activationRatio).toBeCloseTo(0.7495, 3);
    expect(kaiming.gradientRatio).toBeGreaterThan(0.5);
    expect(kaiming.gradientRatio).toBeLessThan(2);
  });

  it('report() calls the Xavier net\'s signal vanishing and finds nothing of the sort in the Kaiming net', () => {
    const x = report(xavier.result.recorder);
    const codes = (name: string) => x.row(name).issues.map((i) => i.code);
    expect(codes('1')).toContain('vanishing-gradients'); // the first ReLU, 29 layers from the loss
    expect(codes(String(2 * DEPTH - 1))).toContain('vanishing-activations'); // the last ReLU
    expect(codes(String(2 * DEPTH - 1))).not.toContain('vanishing-gradients');
    expect(x.status).toBe('problem');
    const k = report(kaiming.result.recorder);
    const depthCodes = ['vanishing-gradients', 'exploding-gradients', 'vanishing-activations', 'exploding-activations'];
    expect(k.rows.flatMap((r) => r.issues).filter((i) => depthCodes.includes(i.code))).toEqual([]);
  });

  it('draws activation and gradient std against depth', () => {
    const chart = kaiming.result.chart();
    expect(chart.kind).toBe('signal-std');
    expect(chart.title).toBe('Signal std through depth (one forward and backward pass)');
  });
});

describe('signalPropagation leaves the model as it was', () => {
  it('restores parameter gradients and batch norm running statistics, and detaches its hooks', () => {
    const g = new Generator().manualSeed(1);
    const bn = new BatchNorm1d(4);
    const lin = new Linear(3, 4, { generator: g });
    const model = new Sequential(lin, bn, new Tanh());
    const before = bn.getBuffer('running_mean')!.toTypedArray();
    lin.weight.grad = tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]]);
    const result = signalPropagation(model, randn([8, 3], { generator: g }), { generator: g });
    expect(result.layers.map((l) => l.type)).toEqual(['Linear', 'BatchNorm1d', 'Tanh']);
    expect(result.layers[1].activationStd).toBeCloseTo(1, 1);
    expect(result.layers.every((l) => l.gradientStd > 0)).toBe(true);
    expect(Array.from(bn.getBuffer('running_mean')!.toTypedArray())).toEqual(Array.from(before));
    expect(bn.numBatchesTracked!.item()).toBe(0);
    expect(lin.weight.grad!.toTypedArray()[11]).toBe(12);
    expect(lin.bias!.grad).toBeNull();
    expect(result.recorder.attached).toBe(false);
  });

  it('differentiates a given loss, and rejects an input that is not a tensor', () => {
    const g = new Generator().manualSeed(2);
    const model = new Sequential(new Linear(5, 5, { generator: g }), new Tanh());
    const result = signalPropagation(model, randn([16, 5], { generator: g }), { loss: (y) => y.pow(2).mean() });
    expect(result.layers[1].gradientStd).toBeGreaterThan(0);
    expect(() => signalPropagation(model, [1, 2] as never)).toThrow('signalPropagation: input must be a Tensor');
  });
});
