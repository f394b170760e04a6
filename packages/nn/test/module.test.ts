import { describe, expect, it } from 'vitest';
import { Generator, gradcheck, ones, randn, tensor, zeros, type Tensor } from '@poise/tensor';
import {
  Adam, Embedding, Flatten, LeakyReLU, Linear, Module, MultiStepLR, PReLU, ReLU, SGD, Sequential, StepLR, Tanh, crossEntropy, mse, prelu, Parameter,
} from '../src';

class TwoLayer extends Module {
  fc1 = new Linear(4, 8);
  act = new Tanh();
  fc2 = new Linear(8, 3, { bias: false });
  constructor() {
    super();
    this.registerBuffer('steps', zeros([1]));
  }
  override forward(x: Tensor): Tensor {
    return this.fc2.forward(this.act.forward(this.fc1.forward(x)));
  }
}

describe('Module', () => {
  it('finds parameters, children and buffers with PyTorch names, in assignment order', () => {
    const m = new TwoLayer();
    expect([...m.namedParameters()].map(([n]) => n)).toEqual(['fc1.weight', 'fc1.bias', 'fc2.weight']);
    expect([...m.namedChildren()].map(([n]) => n)).toEqual(['fc1', 'act', 'fc2']);
    expect(Object.keys(m.stateDict())).toEqual(['steps', 'fc1.weight', 'fc1.bias', 'fc2.weight']);
    expect(m.parameterCount()).toBe(4 * 8 + 8 + 8 * 3);
    const seq = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1));
    expect(Object.keys(seq.stateDict())).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
  });

  it('train() and eval() propagate to every descendant', () => {
    const seq = new Sequential(new TwoLayer(), new Sequential(new Tanh()));
    seq.eval();
    expect([...seq.modules()].every((m) => !m.training)).toBe(true);
    seq.train();
    expect([...seq.modules()].every((m) => m.training)).toBe(true);
  });

  it('loadStateDict copies values and names missing, unexpected and mis-shaped keys', () => {
    const a = new TwoLayer();
    const b = new TwoLayer();
    b.loadStateDict(a.stateDict());
    expect(Array.from(b.fc1.weight.toTypedArray())).toEqual(Array.from(a.fc1.weight.toTypedArray()));
    expect(b.fc1.weight.requiresGrad).toBe(true);
    const sd = a.stateDict();
    delete sd['fc1.bias'];
    expect(() => b.loadStateDict(sd)).toThrow(/missing key\(s\): fc1.bias/);
    expect(() => b.loadStateDict({ ...a.stateDict(), extra: ones([1]) })).toThrow(/unexpected key\(s\): extra/);
    expect(() => b.loadStateDict({ ...a.stateDict(), 'fc2.weight': ones([3, 9]) })).toThrow(
      'loadStateDict: size mismatch for fc2.weight: copying a param with shape [3, 9] from checkpoint, the shape in current model is [3, 8]',
    );
  });

  it('forward hooks see inputs and outputs; backward hooks see the output gradient', () => {
    const m = new TwoLayer();
    const seen: string[] = [];
    const h = m.fc1.registerForwardHook((mod, inputs, out) => void seen.push(`${mod.name} ${(inputs[0] as Tensor).shape} -> ${(out as Tensor).shape}`));
    let gradShape: readonly number[] = [];
    m.act.registerBackwardHook((_mod, g) => void (gradShape = g.shape));
    const y = m.forward(ones([5, 4]));
    y.sum().backward();
    expect(seen).toEqual(['Linear 5,4 -> 5,8']);
    expect(gradShape).toEqual([5, 8]);
    h.remove();
    m.forward(ones([1, 4]));
    expect(seen.length).toBe(1);
  });

  it('a forward hook may replace the output', () => {
    const t = new Tanh();
    t.registerForwardHook((_m, _i, out) => (out as Tensor).mul(2));
    expect(t.forward(tensor([0.5], { dtype: 'float64' })).item()).toBeCloseTo(2 * Math.tanh(0.5), 12);
  });

  it('prints like PyTorch', () => {
    expect(new Linear(30, 200).toString()).toBe('Linear(in_features=30, out_features=200, bias=True)');
    expect(new Sequential(new Linear(2, 3), new Tanh()).toString()).toBe(
      'Sequential(\n  (0): Linear(in_features=2, out_features=3, bias=True)\n  (1): Tanh()\n)',
    );
  });
});

describe('layers', () => {
  it('Linear computes x W^T + b and names bad input', () => {
    const lin = new Linear(3, 2);
    const x = randn([4, 3]);
    const expected = x.matmul(lin.weight.t()).add(lin.bias!);
    expect(Array.from(lin.forward(x).toTypedArray())).toEqual(Array.from(expected.toTypedArray()));
    expect(() => lin.forward(ones([4, 5]))).toThrow('Linear: expected input with 3 features in its last dimension, got shape [4, 5]');
    expect(() => new Linear(-1, 2)).toThrow(/inFeatures must be a non-negative integer/);
  });

  it('Embedding looks rows up and refuses float indices', () => {
    const e = new Embedding(5, 2);
    expect(e.forward(tensor([[1, 4]])).shape).toEqual([1, 2, 2]);
    expect(() => e.forward(tensor([1.5]))).toThrow(/indices must be an int32 tensor, got float32/);
  });

  it('Flatten, LeakyReLU and Sequential compose', () => {
    const seq = new Sequential(new Flatten(), new LeakyReLU(0.1));
    expect(Array.from(seq.forward(tensor([[[-1, 2]], [[3, -4]]], { dtype: 'float32' })).toTypedArray())).toEqual([-0.1, 2, 3, -0.4].map(Math.fround));
  });

  it('PReLU: 0.25 init, channel-wise slopes, and gradients for x and a', () => {
    const p = new PReLU(3);
    expect(Array.from(p.weight.toTypedArray())).toEqual([0.25, 0.25, 0.25]);
    const x = randn([2, 3, 4], { dtype: 'float64', generator: new Generator().manualSeed(1) });
    x.requiresGrad = true;
    const a = new Parameter(tensor([0.1, 0.25, -0.3], { dtype: 'float64' }));
    expect(gradcheck((xx, aa) => prelu(xx, aa), [x, a])).toBe(true);
    const shared = new Parameter(tensor([0.2], { dtype: 'float64' }));
    expect(gradcheck((xx, aa) => prelu(xx, aa), [x, shared])).toBe(true);
    expect(() => p.forward(ones([2, 4]))).toThrow(/number of parameters \(3\) must match the input's channel count/);
  });
});

describe('losses', () => {
  it('crossEntropy: gradcheck and named errors', () => {
    const x = randn([4, 5], { dtype: 'float64', generator: new Generator().manualSeed(2) });
    x.requiresGrad = true;
    const y = tensor([1, 0, 4, 2]);
    expect(gradcheck((xx) => crossEntropy(xx, y), [x])).toBe(true);
    expect(gradcheck((xx) => crossEntropy(xx, y, { reduction: 'none', labelSmoothing: 0.2 }), [x])).toBe(true);
    expect(() => crossEntropy(x, tensor([1, 0, 5, 2]))).toThrow('crossEntropy: target 5 is out of bounds for 5 classes (row 2)');
    expect(() => crossEntropy(x, tensor([1, 0]))).toThrow(/expected logits \[N, C\] and targets \[N\], got \[4, 5\] and \[2\]/);
    expect(() => crossEntropy(x, x)).toThrow(/targets must be int32 class indices, got float64/);
  });
  it('crossEntropy of uniform logits is ln C', () => {
    expect(crossEntropy(zeros([3, 27]), tensor([0, 5, 26])).item()).toBeCloseTo(Math.log(27), 6);
  });
  it('mse', () => {
    const a = tensor([1, 2, 3], { dtype: 'float64', requiresGrad: true });
    expect(mse(a, tensor([1, 0, 0], { dtype: 'float64' })).item()).toBeCloseTo(13 / 3, 12);
    expect(gradcheck((x) => mse(x, tensor([0.5, 0.5, 0.5], { dtype: 'float64' }), { reduction: 'sum' }), [a])).toBe(true);
  });
});

describe('optimizers and schedules', () => {
  it('SGD with parameter groups: a group without weight decay', () => {
    const w = tensor([1], { dtype: 'float32', requiresGrad: true });
    const a = tensor([1], { dtype: 'float32', requiresGrad: true });
    const opt = new SGD([{ params: [w] }, { params: [a], options: { weightDecay: 0 } }], { lr: 0.5, weightDecay: 1 });
    w.mul(0).add(a.mul(0)).sum().backward();
    opt.step();
    expect(w.item()).toBe(0.5);
    expect(a.item()).toBe(1);
  });
  it('names bad options', () => {
    const w = tensor([1], { dtype: 'float32', requiresGrad: true });
    expect(() => new SGD([w], { lr: -1 })).toThrow('SGD: invalid lr: -1 (must be a finite, non-negative number)');
    expect(() => new SGD([w], { lr: 0.1, nesterov: true })).toThrow(/Nesterov momentum requires a momentum/);
    expect(() => new SGD([], { lr: 0.1 })).toThrow(/empty parameter list/);
    expect(() => new SGD([w.mul(2)], { lr: 0.1 })).toThrow(/non-leaf/);
  });
  it('StepLR and MultiStepLR reproduce the seeds\' 0.1 -> 0.01 decay', () => {
    const w = tensor([1], { dtype: 'float32', requiresGrad: true });
    const opt = new SGD([w], { lr: 0.1 });
    const sched = new MultiStepLR(opt, [3]);
    const lrs: number[] = [];
    for (let i = 0; i < 5; i++) {
      lrs.push(opt.paramGroups[0].options.lr);
      sched.step();
    }
    expect(lrs.map((v) => Number(v.toPrecision(6)))).toEqual([0.1, 0.1, 0.1, 0.01, 0.01]);
    const opt2 = new SGD([w], { lr: 1 });
    const s2 = new StepLR(opt2, 2, 0.5);
    for (let i = 0; i < 4; i++) s2.step();
    expect(s2.getLastLr()).toEqual([0.25]);
  });
  it('a model trains: a small MLP with Adam drives the loss down', () => {
    const g = new Generator().manualSeed(0);
    const x = randn([64, 4], { generator: g });
    const target = x.matmul(tensor([[1], [-2], [0.5], [3]], { dtype: 'float32' })).tanh();
    const model = new Sequential(new Linear(4, 16, { generator: g }), new Tanh(), new Linear(16, 1, { generator: g }));
    const opt = new Adam(model.parameters(), { lr: 0.01 });
    let first = 0;
    let last = 0;
    for (let i = 0; i < 300; i++) {
      const loss = mse(model.forward(x), target);
      if (i === 0) first = loss.item();
      last = loss.item();
      opt.zeroGrad();
      loss.backward();
      opt.step();
    }
    expect(first).toBeGreaterThan(0.1);
    expect(last).toBeLessThan(0.01);
  });
});
