/**
 * LSUV on a deep MLP built from a structural stand-in for @poise/nn's Module (this package must not
 * depend on nn): Linear layers with `weight` [out, in] and `bias`, PyTorch-style forward hooks, a
 * Sequential container with `modules()` and `namedModules()`.
 */
import { describe, expect, it } from 'vitest';

import { Generator, Tensor, noGrad, randn, readValues, zeros, type DType } from '@poise/tensor';

import { LsuvError, kaimingUniform, lsuv, uniform, type LsuvLayerReport } from '../src';
import { Parameter } from './helpers';

type Hook = (module: unknown, inputs: unknown[], output: unknown) => unknown;

abstract class FakeModule {
  readonly hooks: Hook[] = [];
  registerForwardHook(hook: Hook): { remove(): void } {
    this.hooks.push(hook);
    return { remove: () => void this.hooks.splice(this.hooks.indexOf(hook), 1) };
  }
  /** What nn's Module does after its forward: run the hooks, a non-undefined result replaces the output. */
  protected hooked(inputs: unknown[], output: unknown): unknown {
    for (const h of [...this.hooks]) {
      const r = h(this, inputs, output);
      if (r !== undefined) output = r;
    }
    return output;
  }
  *modules(): Iterable<unknown> {
    yield this;
  }
  abstract forward(x: Tensor): unknown;
}

class Linear extends FakeModule {
  weight: Parameter;
  bias: Parameter;
  constructor(inF: number, outF: number, g: Generator, dtype: DType = 'float32') {
    super();
    // nn.Linear's default: kaiming_uniform_(a=sqrt(5)) and U(-1/sqrt(in), 1/sqrt(in)) for the bias.
    this.weight = new Parameter(kaimingUniform(zeros([outF, inF], { dtype }), { a: Math.sqrt(5), generator: g }));
    this.bias = new Parameter(uniform(zeros([outF], { dtype }), -1 / Math.sqrt(inF), 1 / Math.sqrt(inF), { generator: g }));
  }
  forward(x: Tensor): unknown {
    return this.hooked([x], x.matmul(this.weight.t()).add(this.bias));
  }
}

class Act extends FakeModule {
  constructor(readonly fn: (x: Tensor) => Tensor) {
    super();
  }
  forward(x: Tensor): unknown {
    return this.hooked([x], this.fn(x));
  }
}

class Sequential extends FakeModule {
  constructor(readonly layers: FakeModule[]) {
    super();
  }
  forward(x: Tensor): unknown {
    let h: unknown = x;
    for (const l of this.layers) h = l.forward(h as Tensor);
    return this.hooked([x], h);
  }
  override *modules(): Iterable<unknown> {
    yield this;
    for (const l of this.layers) yield* l.modules();
  }
  *namedModules(): Iterable<[string, unknown]> {
    yield ['', this];
    for (let i = 0; i < this.layers.length; i++) yield [String(i), this.layers[i]];
  }
}

/** A 6-layer MLP: 20 -> 64 x 5 -> 10 with the activation between layers. */
function mlp(seed: number, act: (x: Tensor) => Tensor, dtype: DType = 'float32'): Sequential {
  const g = new Generator(seed);
  const dims = [20, 64, 64, 64, 64, 64, 10];
  const layers: FakeModule[] = [];
  for (let i = 0; i < 6; i++) {
    layers.push(new Linear(dims[i], dims[i + 1], g, dtype));
    if (i < 5) layers.push(new Act(act));
  }
  return new Sequential(layers);
}

const tanh = (x: Tensor) => x.tanh();
const relu = (x: Tensor) => x.relu();
const batch = (dtype: DType = 'float32') => randn([256, 20], { generator: new Generator(7), dtype }).mul(3);

function linears(model: Sequential): Linear[] {
  return model.layers.filter((l): l is Linear => l instanceof Linear);
}

/** The variance over all elements of each linear layer's output, measured independently of lsuv. */
function outputVariances(model: Sequential, x: Tensor): number[] {
  const out: number[] = [];
  const handles = linears(model).map((l, i) =>
    l.registerForwardHook((_m, _in, o) => {
      const v = readValues(o as Tensor);
      let mean = 0;
      for (let k = 0; k < v.length; k++) mean += v[k];
      mean /= v.length;
      let s = 0;
      for (let k = 0; k < v.length; k++) s += (v[k] - mean) ** 2;
      out[i] = s / v.length;
    }),
  );
  noGrad(() => model.forward(x));
  for (const h of handles) h.remove();
  return out;
}

describe('lsuv', () => {
  for (const [name, act] of [['tanh', tanh], ['relu', relu]] as const) {
    it(`brings every layer of a 6-layer ${name} MLP to unit output variance`, () => {
      const model = mlp(1, act);
      const x = batch();
      const before = outputVariances(model, x);
      expect(before.some((v) => Math.abs(v - 1) > 0.1)).toBe(true); // there is something to fix
      const reports = lsuv(model, x, { generator: new Generator(3) });
      expect(reports.map((r) => r.name)).toEqual(['0', '2', '4', '6', '8', '10']);
      expect(reports.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5]);
      for (const r of reports) {
        expect(r.converged).toBe(true);
        expect(Math.abs(r.variance - 1)).toBeLessThan(0.1);
        expect(r.iterations).toBeGreaterThanOrEqual(1);
        expect(r.iterations).toBeLessThanOrEqual(10);
      }
      const after = outputVariances(model, x);
      for (let i = 0; i < 6; i++) {
        expect(Math.abs(after[i] - 1)).toBeLessThan(0.1);
        expect(after[i]).toBeCloseTo(reports[i].variance, 4);
      }
      for (const l of linears(model)) {
        expect(l.hooks).toHaveLength(0); // every hook removed
        expect(l.weight).toBeInstanceOf(Parameter);
        expect(l.weight.requiresGrad).toBe(true);
        expect(Array.from(readValues(l.bias)).every((v) => v === 0)).toBe(true); // zeroBias
      }
    });
  }

  it('is reproducible with a seed, and the seed matters', () => {
    const run = (seed: number) => {
      const model = mlp(1, tanh);
      const reports = lsuv(model, batch(), { generator: new Generator(seed) });
      return { reports, weights: linears(model).map((l) => Array.from(readValues(l.weight))) };
    };
    const a = run(11);
    const b = run(11);
    const c = run(12);
    expect(b.weights).toEqual(a.weights);
    expect(b.reports).toEqual(a.reports);
    expect(c.weights[0]).not.toEqual(a.weights[0]);
  });

  it('without zeroBias keeps the biases and still converges (in more steps)', () => {
    const model = mlp(2, tanh);
    const biases = linears(model).map((l) => Array.from(readValues(l.bias)));
    const reports: LsuvLayerReport[] = lsuv(model, batch(), { zeroBias: false, tol: 0.05, maxIter: 30, generator: new Generator(3) });
    for (const r of reports) expect(Math.abs(r.variance - 1)).toBeLessThan(0.05);
    expect(linears(model).map((l) => Array.from(readValues(l.bias)))).toEqual(biases);
  });

  it('works in float64 and without the orthogonal start', () => {
    const model = mlp(4, relu, 'float64');
    const w0 = Array.from(readValues(linears(model)[0].weight));
    const reports = lsuv(model, batch('float64'), { orthogonal: false, tol: 0.01 });
    for (const r of reports) expect(Math.abs(r.variance - 1)).toBeLessThan(0.01);
    // Only rescaled: the first weight is proportional to what it was.
    const w1 = Array.from(readValues(linears(model)[0].weight));
    const ratio = w1[0] / w0[0];
    for (let i = 0; i < w0.length; i++) expect(w1[i]).toBeCloseTo(w0[i] * ratio, 12);
  });

  it('processes explicit layers in forward order, whatever order they are listed in', () => {
    const model = mlp(5, tanh);
    const [l0, , l2] = linears(model);
    const reports = lsuv(model, batch(), { layers: [l2, l0], generator: new Generator(1) });
    expect(reports.map((r) => r.name)).toEqual(['0', '4']);
  });

  it('reports non-convergence when maxIter runs out', () => {
    const model = mlp(6, tanh);
    const reports = lsuv(model, batch(), { maxIter: 0, zeroBias: false, orthogonal: false });
    expect(reports.every((r) => r.iterations === 0)).toBe(true);
    expect(reports.some((r) => !r.converged)).toBe(true);
  });

  describe('named errors', () => {
    function code(fn: () => unknown): string {
      try {
        fn();
      } catch (e) {
        expect(e).toBeInstanceOf(LsuvError);
        expect((e as Error).name).toBe('LsuvError');
        return (e as LsuvError).code;
      }
      throw new Error('expected an LsuvError');
    }

    it('a batch with NaN', () => {
      const x = batch();
      noGrad(() => x.narrow(0, 3, 1).fill_(NaN));
      expect(code(() => lsuv(mlp(1, tanh), x))).toBe('non-finite');
    });

    it('a layer that produces NaN', () => {
      const model = mlp(1, (x) => x.log()); // log of negative pre-activations
      expect(() => lsuv(model, batch())).toThrow(/lsuv: the output of \d+ contains NaN/);
      expect(code(() => lsuv(mlp(1, (x) => x.log()), batch()))).toBe('non-finite');
    });

    it('a layer whose output has variance 0', () => {
      const model = mlp(1, tanh);
      noGrad(() => linears(model)[2].weight.zero_());
      expect(() => lsuv(model, batch(), { orthogonal: false })).toThrow(/the output of 4 has variance 0/);
      expect(code(() => lsuv(model, batch(), { orthogonal: false }))).toBe('zero-variance');
    });

    it('no layer qualifies', () => {
      const model = new Sequential([new Act(tanh), new Act(relu)]);
      expect(code(() => lsuv(model, batch()))).toBe('no-layers');
    });

    it('a listed layer that forward never reaches', () => {
      const model = mlp(1, tanh);
      const stray = new Linear(3, 3, new Generator(0));
      expect(code(() => lsuv(model, batch(), { layers: [stray] }))).toBe('not-reached');
    });

    it('bad arguments', () => {
      const model = mlp(1, tanh);
      expect(() => lsuv(model, batch(), { tol: 0 })).toThrow(/lsuv: tol must be a finite number > 0/);
      expect(() => lsuv(model, batch(), { maxIter: 1.5 })).toThrow(/lsuv: maxIter must be a non-negative integer/);
      expect(() => lsuv({} as never, batch())).toThrow(/lsuv: model must have forward\(x\) and modules\(\)/);
      expect(() => lsuv(model, [1, 2] as unknown as Tensor)).toThrow(/lsuv: batch must be a Tensor/);
      expect(() => lsuv(model, batch(), { layers: [{} as never] })).toThrow(/every entry of layers needs a weight Tensor/);
    });
  });
});
