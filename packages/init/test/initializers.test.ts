/**
 * What every initializer promises besides PyTorch's numbers (those are in parity.test.ts): it mutates the
 * given tensor in place and returns it, works on a Parameter outside noGrad, bumps the storage version so
 * autograd notices, respects views, has the statistics its paper asks for, and rejects bad input with an
 * error that names the function and the problem.
 */
import { describe, expect, it } from 'vitest';

import { Generator, getDefaultGenerator, manualSeed, ones, tensor, zeros, type Tensor } from '@poise/tensor';

import * as init from '../src';
import { Parameter, param, valuesOf } from './helpers';

const g = () => new Generator(123);

/** Every initializer, called with valid arguments for a 2-D float weight. */
const ALL: Record<string, (t: Tensor) => Tensor> = {
  uniform: (t) => init.uniform(t, -1, 1, { generator: g() }),
  normal: (t) => init.normal(t, 0, 0.5, { generator: g() }),
  constant: (t) => init.constant(t, 0.25),
  zeros: (t) => init.zeros(t),
  ones: (t) => init.ones(t),
  eye: (t) => init.eye(t),
  xavierUniform: (t) => init.xavierUniform(t, { generator: g() }),
  xavierNormal: (t) => init.xavierNormal(t, { generator: g() }),
  kaimingUniform: (t) => init.kaimingUniform(t, { generator: g() }),
  kaimingNormal: (t) => init.kaimingNormal(t, { generator: g() }),
  truncNormal: (t) => init.truncNormal(t, { std: 0.02, generator: g() }),
  orthogonal: (t) => init.orthogonal(t, { generator: g() }),
  sparse: (t) => init.sparse(t, 0.5, { generator: g() }),
};

function max(v: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < v.length; i++) m = Math.max(m, v[i]);
  return m;
}

function min(v: ArrayLike<number>): number {
  let m = Infinity;
  for (let i = 0; i < v.length; i++) m = Math.min(m, v[i]);
  return m;
}

function std(v: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m += v[i];
  m /= v.length;
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] - m) ** 2;
  return Math.sqrt(s / v.length);
}

describe('in place, on Parameters, with autograd bookkeeping', () => {
  for (const [name, fn] of Object.entries(ALL)) {
    it(`${name} mutates a Parameter in place, returns it, and bumps its version`, () => {
      const p = param([6, 4]);
      const storage = p.storage;
      const version = storage.version;
      const out = fn(p); // outside noGrad: the initializer must handle the leaf that requires grad
      expect(out).toBe(p);
      expect(out).toBeInstanceOf(Parameter);
      expect(p.requiresGrad).toBe(true);
      expect(p.isLeaf).toBe(true);
      expect(p.grad).toBeNull();
      expect(p.storage).toBe(storage);
      expect(storage.version).toBeGreaterThan(version);
      if (name !== 'zeros') expect(Array.from(valuesOf(p)).some((v) => v !== 0)).toBe(true);
    });
  }

  it('a graph that saved the weight refuses to backpropagate after it was re-initialised', () => {
    const w = param([3, 3]);
    init.normal(w, 0, 1, { generator: g() });
    const loss = w.mul(w).sum();
    init.kaimingUniform(w, { generator: g() });
    expect(() => loss.backward()).toThrow(/version/);
  });

  it('writes through views into the base tensor', () => {
    const base = zeros([4, 5]);
    init.ones(base.narrow(0, 1, 2));
    expect(base.tolist()).toEqual([[0, 0, 0, 0, 0], [1, 1, 1, 1, 1], [1, 1, 1, 1, 1], [0, 0, 0, 0, 0]]);
    // A transposed view gets the values a contiguous tensor of its shape would get, in its own row order.
    const w = zeros([5, 4]);
    init.uniform(w.t(), -1, 1, { generator: g() });
    const ref = init.uniform(zeros([4, 5]), -1, 1, { generator: g() });
    expect(w.t().tolist()).toEqual(ref.tolist());
  });

  it('constant, zeros, ones, eye and dirac work on integer tensors too', () => {
    expect(init.constant(zeros([2], { dtype: 'int32' }), 3).tolist()).toEqual([3, 3]);
    expect(init.ones(zeros([2], { dtype: 'int32' })).tolist()).toEqual([1, 1]);
    expect(init.eye(zeros([2, 3], { dtype: 'int32' })).tolist()).toEqual([[1, 0, 0], [0, 1, 0]]);
    expect(init.dirac(zeros([1, 1, 3], { dtype: 'int32' })).tolist()).toEqual([[[0, 1, 0]]]);
  });

  it('uses the default generator unless one is given, and draws nothing for empty tensors', () => {
    manualSeed(5);
    const a = init.kaimingNormal(zeros([20, 10]));
    const b = init.kaimingNormal(zeros([20, 10]), { generator: new Generator(5) });
    expect(a.tolist()).toEqual(b.tolist());
    manualSeed(5);
    const before = getDefaultGenerator().getState();
    init.kaimingUniform(zeros([0, 4]));
    init.kaimingNormal(zeros([3, 0, 2]));
    init.uniform(zeros([0]));
    init.orthogonal(zeros([0, 3]));
    expect(getDefaultGenerator().getState()).toEqual(before);
  });
});

describe('statistics', () => {
  const W = () => zeros([512, 256]);
  it('kaimingNormal: std = gain / sqrt(fan)', () => {
    const fanIn = 256;
    expect(std(valuesOf(init.kaimingNormal(W(), { generator: g() })))).toBeCloseTo(Math.sqrt(2 / fanIn), 3);
    expect(std(valuesOf(init.kaimingNormal(W(), { mode: 'fanOut', nonlinearity: 'tanh', generator: g() })))).toBeCloseTo(
      (5 / 3) / Math.sqrt(512), 3,
    );
  });

  it('kaimingUniform and xavierUniform: the bounds of their papers', () => {
    const k = valuesOf(init.kaimingUniform(W(), { nonlinearity: 'relu', generator: g() }));
    const kb = Math.sqrt(2) * Math.sqrt(3 / 256);
    expect(max(k)).toBeLessThanOrEqual(kb);
    expect(min(k)).toBeGreaterThanOrEqual(-kb);
    expect(max(k)).toBeGreaterThan(0.99 * kb);
    const x = valuesOf(init.xavierUniform(W(), { gain: 2, generator: g() }));
    const xb = 2 * Math.sqrt(6 / (256 + 512));
    expect(max(x)).toBeLessThanOrEqual(Math.fround(xb));
    expect(max(x)).toBeGreaterThan(0.99 * xb);
    expect(std(valuesOf(init.xavierNormal(W(), { generator: g() })))).toBeCloseTo(Math.sqrt(2 / 768), 3);
  });

  it('truncNormal stays in [a, b] and has the truncated distribution std', () => {
    const v = valuesOf(init.truncNormal(W(), { mean: 1, std: 2, a: 0, b: 3, generator: g() }));
    expect(min(v)).toBeGreaterThanOrEqual(0);
    expect(max(v)).toBeLessThanOrEqual(3);
    // N(1, 4) truncated to [-0.5 sd, +1 sd]: var = 1 + (a phi(a) - b phi(b)) / Z - ((phi(a) - phi(b)) / Z)^2
    // with a = -0.5, b = 1, Z = Phi(1) - Phi(-0.5): std = 2 * 0.41567.
    expect(std(v)).toBeCloseTo(2 * 0.41567, 2);
    const s = valuesOf(init.truncNormal(W(), { std: 0.02, generator: g() }));
    expect(std(s)).toBeCloseTo(0.02, 3); // cut at +-100 std: effectively untruncated
  });

  it('sparse zeroes ceil(sparsity * rows) entries of every column', () => {
    const t = init.sparse(zeros([10, 7]), 0.25, { std: 1, generator: g() });
    const rows = t.tolist() as number[][];
    for (let c = 0; c < 7; c++) expect(rows.filter((r) => r[c] === 0).length).toBe(3);
    expect(valuesOf(init.sparse(ones([4, 3]), 1, { generator: g() })).every((v) => v === 0)).toBe(true);
    expect(valuesOf(init.sparse(zeros([4, 3]), 0, { generator: g() })).every((v) => v !== 0)).toBe(true);
  });

  it('eye and dirac make identity maps', () => {
    expect(init.eye(zeros([2, 3])).tolist()).toEqual([[1, 0, 0], [0, 1, 0]]);
    const w = init.dirac(zeros([4, 2, 3, 3]), 2);
    const v = valuesOf(w);
    expect(Array.from(v).reduce((a, b) => a + b, 0)).toBe(4);
    expect(w.narrow(0, 3, 1).narrow(1, 1, 1).narrow(2, 1, 1).narrow(3, 1, 1).item()).toBe(1);
  });
});

describe('orthogonal', () => {
  /** max |A A^T - I| over the rows (rows <= cols) or |A^T A - I| over the columns (rows >= cols). */
  function orthoError(t: Tensor, gain: number): number {
    const rows = t.shape[0];
    const m = t.reshape(rows, -1).to('float64');
    const small = rows <= m.shape[1] ? m.matmul(m.t()) : m.t().matmul(m);
    const n = small.shape[0];
    const v = valuesOf(small);
    let err = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) err = Math.max(err, Math.abs(v[i * n + j] - (i === j ? gain * gain : 0)));
    return err;
  }

  for (const shape of [[200, 30], [27, 200], [16, 3, 3, 3], [8, 8], [1, 5], [5, 1]]) {
    for (const dtype of ['float32', 'float64'] as const) {
      it(`[${shape.join(', ')}] ${dtype}: q^T q = I`, () => {
        const t = init.orthogonal(zeros(shape, { dtype }), { generator: g() });
        expect(orthoError(t, 1)).toBeLessThan(dtype === 'float32' ? 1e-5 : 1e-13);
      });
    }
  }

  it('scales by gain', () => {
    const t = init.orthogonal(zeros([20, 10], { dtype: 'float64' }), { gain: Math.SQRT2, generator: g() });
    expect(orthoError(t, Math.SQRT2)).toBeLessThan(1e-13);
  });

  it('householderQr reproduces its input: M = Q R with R upper triangular', () => {
    const m = 7;
    const n = 4;
    const rng = new Generator(9);
    const a = new Float64Array(m * n).map(() => rng.uniformFloat64() - 0.5);
    const { q, rDiag } = init.householderQr(a.slice(), m, n);
    // R = Q^T M; check it is upper triangular with the returned diagonal, and that Q R = M.
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < n; k++) {
        let r = 0;
        for (let x = 0; x < m; x++) r += q[i * m + x] * a[k * m + x];
        if (k < i) expect(Math.abs(r)).toBeLessThan(1e-14);
        if (k === i) expect(r).toBeCloseTo(rDiag[i], 12);
      }
    }
    expect(() => init.householderQr(new Float64Array(6), 2, 3)).toThrow(RangeError);
  });
});

describe('bad input is a named error', () => {
  const t2 = () => zeros([4, 3]);
  const cases: [string, () => unknown, ErrorConstructor, RegExp][] = [
    ['unknown nonlinearity', () => init.calculateGain('softplus' as init.Nonlinearity), RangeError, /calculateGain: unsupported nonlinearity 'softplus'/],
    ['non-string nonlinearity', () => init.calculateGain(3 as unknown as init.Nonlinearity), TypeError, /calculateGain: nonlinearity must be a string/],
    ['NaN gain param', () => init.calculateGain('leaky_relu', NaN), TypeError, /calculateGain: param .* finite number/],
    ['boolean gain param', () => init.calculateGain('leaky_relu', true as unknown as number), TypeError, /calculateGain: param/],
    ['string gain param', () => init.calculateGain('relu', '0.1' as unknown as number), TypeError, /calculateGain: param/],
    ['1-D tensor for fans', () => init.fans([5]), RangeError, /fans: fan in and fan out can not be computed .* fewer than 2 dimensions/],
    ['0-D shape for fans', () => init.fans([]), RangeError, /fans: .*fewer than 2/],
    ['bad shape for fans', () => init.fans([2, -1]), TypeError, /fans: expected a Tensor or a shape/],
    ['bad fan mode', () => init.fanFor([2, 3], 'fan_avg' as init.FanMode), RangeError, /fanFor: mode must be 'fanIn' or 'fanOut'/],
    ['kaiming bad mode', () => init.kaimingNormal(t2(), { mode: 'in' as init.FanMode }), RangeError, /kaimingNormal: mode must be/],
    ['kaiming unknown nonlinearity', () => init.kaimingUniform(t2(), { nonlinearity: 'gelu' as init.Nonlinearity }), RangeError, /unsupported nonlinearity 'gelu'/],
    ['kaiming on a bias', () => init.kaimingUniform(zeros([4])), RangeError, /fans: .*fewer than 2 dimensions/],
    ['kaiming NaN a', () => init.kaimingUniform(t2(), { a: NaN }), RangeError, /kaimingUniform: a must be a finite number/],
    ['xavier on a bias', () => init.xavierNormal(zeros([4])), RangeError, /fans: .*fewer than 2 dimensions/],
    ['xavier infinite gain', () => init.xavierUniform(t2(), { gain: Infinity }), RangeError, /xavierUniform: gain must be a finite number/],
    ['negative std', () => init.normal(t2(), 0, -1), RangeError, /normal: std must be >= 0, got -1/],
    ['NaN mean', () => init.normal(t2(), NaN), RangeError, /normal: mean must be a finite number/],
    ['uniform a > b', () => init.uniform(t2(), 1, 0), RangeError, /uniform: expects a <= b .* a=1 > b=0/],
    ['uniform float32 overflow', () => init.uniform(t2(), -3e38, 3e38), RangeError, /uniform: b - a .* overflows float32/],
    ['sparsity above 1', () => init.sparse(t2(), 1.5), RangeError, /sparse: sparsity must be in \[0, 1\], got 1.5/],
    ['sparsity below 0', () => init.sparse(t2(), -0.1), RangeError, /sparse: sparsity must be in \[0, 1\]/],
    ['sparse negative std', () => init.sparse(t2(), 0.1, { std: -1 }), RangeError, /sparse: std must be >= 0/],
    ['sparse on 3-D', () => init.sparse(zeros([2, 2, 2]), 0.5), RangeError, /sparse: only tensors with 2 dimensions/],
    ['truncNormal a = b', () => init.truncNormal(t2(), { a: 1, b: 1 }), RangeError, /truncNormal: expects a < b .* a=1, b=1/],
    ['truncNormal a > b', () => init.truncNormal(t2(), { a: 2, b: -2 }), RangeError, /truncNormal: expects a < b/],
    ['truncNormal std 0', () => init.truncNormal(t2(), { std: 0 }), RangeError, /truncNormal: std must be > 0/],
    ['truncNormal infinite b', () => init.truncNormal(t2(), { b: Infinity }), RangeError, /truncNormal: b must be a finite number/],
    ['dirac on 2-D', () => init.dirac(t2()), RangeError, /dirac: only tensors with 3, 4, or 5 dimensions are supported, got shape \[4, 3\]/],
    ['dirac groups not dividing', () => init.dirac(zeros([3, 2, 3]), 2), RangeError, /dirac: dim 0 \(3\) must be divisible by groups \(2\)/],
    ['dirac groups 0', () => init.dirac(zeros([2, 2, 3]), 0), RangeError, /dirac: groups must be a positive integer/],
    ['eye on 3-D', () => init.eye(zeros([2, 2, 2])), RangeError, /eye: only tensors with 2 dimensions/],
    ['orthogonal on 1-D', () => init.orthogonal(zeros([5])), RangeError, /orthogonal: only tensors with 2 or more dimensions/],
    ['normal on int32', () => init.normal(zeros([4], { dtype: 'int32' })), TypeError, /normal: expected a floating point tensor .* got int32/],
    ['kaiming on bool', () => init.kaimingNormal(zeros([2, 2], { dtype: 'bool' })), TypeError, /kaimingNormal: expected a floating point tensor/],
    ['not a tensor', () => init.uniform([1, 2] as unknown as Tensor), TypeError, /uniform: expected a Tensor to initialize, got \[1, 2\]/],
    ['constant non-number', () => init.constant(t2(), '1' as unknown as number), TypeError, /constant: value must be a number/],
    ['bad generator', () => init.normal(t2(), 0, 1, { generator: {} as Generator }), TypeError, /normal: generator must be a Generator/],
  ];
  it.each(cases)('%s', (_name, fn, cls, re) => {
    expect(fn).toThrow(cls);
    expect(fn).toThrow(re);
  });

  it('a rejected call leaves the tensor and the generator untouched', () => {
    const t = tensor([[1, 2], [3, 4]], { dtype: 'float32' });
    const gen = new Generator(1);
    const before = gen.getState();
    expect(() => init.truncNormal(t, { a: 3, b: 1, generator: gen })).toThrow(RangeError);
    expect(() => init.sparse(t, 2, { generator: gen })).toThrow(RangeError);
    expect(t.tolist()).toEqual([[1, 2], [3, 4]]);
    expect(gen.getState()).toEqual(before);
  });
});
