import { describe, expect, it } from 'vitest';
import { manualSeed, randn, type Tensor } from '@poise/tensor';
import { Adam, Linear, SGD, Sequential, Tanh, mse, type Optimizer } from '../src';

function setup(make: (ps: Tensor[]) => Optimizer<{ lr: number }>) {
  manualSeed(3);
  const model = new Sequential(new Linear(3, 5), new Tanh(), new Linear(5, 2));
  const x = randn([7, 3]);
  const y = randn([7, 2]);
  const opt = make(model.parameters());
  const step = () => {
    const loss = mse(model.forward(x), y);
    opt.zeroGrad();
    loss.backward();
    opt.step();
  };
  return { model, opt, step };
}

const bytes = (ps: Tensor[]) => ps.map((p) => Buffer.from(p.toTypedArray().buffer).toString('hex'));

describe('optimizer stateDict / loadStateDict (torch.optim layout)', () => {
  const makers: [string, (ps: Tensor[]) => Optimizer<{ lr: number }>][] = [
    ['SGD nesterov', (ps) => new SGD(ps, { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 1e-3 })],
    ['Adam amsgrad', (ps) => new Adam(ps, { lr: 0.01, amsgrad: true, weightDecay: 1e-2 })],
  ];
  for (const [name, make] of makers) {
    it(`${name}: a restored optimizer continues bit-identically`, () => {
      const a = setup(make);
      for (let i = 0; i < 4; i++) a.step();
      const snapshot = a.opt.stateDict();
      const weights = a.model.stateDict();
      const b = setup(make);
      b.model.loadStateDict(Object.fromEntries(Object.entries(weights).map(([k, t]) => [k, t.clone()])));
      b.opt.loadStateDict(snapshot);
      for (let i = 0; i < 4; i++) {
        a.step();
        b.step();
      }
      expect(bytes(b.model.parameters())).toEqual(bytes(a.model.parameters()));
    });
  }

  it("uses PyTorch's names and param group keys", () => {
    const { opt, step } = setup((ps) => new Adam([{ params: ps.slice(0, 2) }, { params: ps.slice(2), options: { lr: 0.1 } }], { lr: 0.01 }));
    step();
    const sd = opt.stateDict();
    expect(Object.keys(sd.state[3]).sort()).toEqual(['exp_avg', 'exp_avg_sq', 'step']);
    expect((sd.state[3].step as Tensor).dtype).toBe('float32');
    expect((sd.state[3].step as Tensor).shape).toEqual([]);
    expect(sd.param_groups.map((g) => g.params)).toEqual([[0, 1], [2, 3]]);
    expect(sd.param_groups[1]).toEqual({
      lr: 0.1, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, amsgrad: false, maximize: false,
      foreach: null, capturable: false, differentiable: false, fused: false, params: [2, 3],
    });
    // The state dict holds copies: changing it does not touch the optimizer.
    (sd.state[0].exp_avg as Tensor).fill_(123);
    expect((opt.stateDict().state[0].exp_avg as Tensor).toTypedArray()[0]).not.toBe(123);
  });

  it('SGD without momentum has no state, and accepts PyTorch\'s momentum_buffer: None', () => {
    const { opt, step } = setup((ps) => new SGD(ps, { lr: 0.1 }));
    step();
    expect(opt.stateDict().state).toEqual({});
    opt.loadStateDict({ state: { 0: { momentum_buffer: null } }, param_groups: [{ ...opt.stateDict().param_groups[0], lr: 0.5 }] });
    expect(opt.paramGroups[0].options.lr).toBe(0.5);
  });

  it('refuses state that does not match, before changing anything', () => {
    const { opt, step } = setup((ps) => new Adam(ps, { lr: 0.01 }));
    step();
    const sd = opt.stateDict();
    const before = JSON.stringify(opt.paramGroups[0].options);
    expect(() => opt.loadStateDict({ ...sd, param_groups: [...sd.param_groups, sd.param_groups[0]] })).toThrow(/2 parameter group\(s\), the optimizer has 1/);
    expect(() => opt.loadStateDict({ ...sd, param_groups: [{ ...sd.param_groups[0], params: [0, 1] }] })).toThrow(/group 0 has 2 parameter\(s\) in the state dict, 4 in the optimizer/);
    expect(() => opt.loadStateDict({ ...sd, state: { ...sd.state, 1: { ...sd.state[1], exp_avg: sd.state[0].exp_avg } } })).toThrow(/state 1.exp_avg: shape \[5, 3\] does not match the parameter's \[5\]/);
    expect(() => opt.loadStateDict({ ...sd, state: { 0: { momentum_buffer: sd.state[0].exp_avg } } })).toThrow(/unknown state entry 'momentum_buffer'/);
    expect(() => opt.loadStateDict({ ...sd, param_groups: [{ ...sd.param_groups[0], betas: [0.9, 1.5] }] })).toThrow(/invalid betas/);
    expect(JSON.stringify(opt.paramGroups[0].options)).toBe(before);
  });
});
