import { describe, expect, it } from 'vitest';
import * as nj from 'numjs';
import ndarray from 'ndarray';
import { arange, randn, tensor, Generator } from '@poise/tensor';
import { fromNumjs, toNumjs } from '../src';

describe('fromNumjs', () => {
  it('keeps shape, dtype and values for float32, float64 and int32', () => {
    const f32 = nj.array([[1.5, -2.25, 3.1], [4, 5, 6e-8]], 'float32');
    const a = fromNumjs(f32);
    expect(a.dtype).toBe('float32');
    expect(a.shape).toEqual([2, 3]);
    expect(Array.from(a.toTypedArray())).toEqual((f32.flatten().tolist() as number[]));

    const f64 = nj.array([[0.1, 0.2], [Math.PI, -Math.E]], 'float64');
    const b = fromNumjs(f64);
    expect(b.dtype).toBe('float64');
    expect(b.tolist()).toEqual([[0.1, 0.2], [Math.PI, -Math.E]]);

    const i32 = nj.array([[[1, 2]], [[3, -4]]], 'int32');
    const c = fromNumjs(i32);
    expect(c.dtype).toBe('int32');
    expect(c.shape).toEqual([2, 1, 2]);
    expect(c.tolist()).toEqual([[[1, 2]], [[3, -4]]]);
  });

  it("reads numjs's default 'array' dtype as float64, exactly", () => {
    const a = nj.array([[0.1, 1 / 3], [2 ** 60, -0.5]]);
    expect(a.dtype).toBe('array');
    const t = fromNumjs(a);
    expect(t.dtype).toBe('float64');
    expect(t.tolist()).toEqual([[0.1, 1 / 3], [2 ** 60, -0.5]]);
  });

  it('reads transposed and strided views in logical order', () => {
    const base = nj.arange(24, 'float32').reshape(2, 3, 4);
    const tr = base.transpose(2, 0, 1); // shape [4, 2, 3]
    const t = fromNumjs(tr);
    expect(t.shape).toEqual([4, 2, 3]);
    expect(t.tolist()).toEqual(tr.tolist());
    const sliced = nj.arange(20, 'float64').reshape(4, 5).hi(4, 4).lo(1, 1).step(2, -1); // rows 1,3; cols 3..1
    const s = fromNumjs(sliced);
    expect(s.shape).toEqual(sliced.shape);
    expect(s.tolist()).toEqual(sliced.tolist());
  });

  it('converts on request and refuses lossy integer conversion', () => {
    const a = nj.array([1, 2, 3], 'uint8');
    expect(fromNumjs(a).dtype).toBe('int32');
    expect(fromNumjs(a, { dtype: 'float32' }).dtype).toBe('float32');
    expect(() => fromNumjs(nj.array([1.5], 'float32'), { dtype: 'int32' })).toThrow(/not an integer/);
    const g = fromNumjs(nj.array([1, 2], 'float32'), { requiresGrad: true });
    expect(g.requiresGrad).toBe(true);
  });

  it('accepts a plain scijs ndarray (what numjs keeps in .selection)', () => {
    const nd = ndarray(new Float64Array([1, 2, 3, 4, 5, 6]), [2, 3]).transpose(1, 0);
    const t = fromNumjs(nd);
    expect(t.dtype).toBe('float64');
    expect(t.tolist()).toEqual([[1, 4], [2, 5], [3, 6]]);
  });

  it('handles empty arrays', () => {
    const t = fromNumjs(nj.zeros([0, 3], 'float32'));
    expect(t.shape).toEqual([0, 3]);
  });

  it('throws a TypeError naming what it got', () => {
    expect(() => fromNumjs([1, 2, 3] as never)).toThrow(/fromNumjs: expected a numjs NdArray \(or a scijs ndarray\), got Array/);
    expect(() => fromNumjs(null as never)).toThrow(/got null/);
  });
});

describe('toNumjs', () => {
  it('keeps shape, dtype and values, and round-trips', () => {
    const g = new Generator().manualSeed(2147483647);
    for (const dtype of ['float32', 'float64'] as const) {
      const t = randn([3, 4, 5], { generator: g, dtype });
      const a = toNumjs(t);
      expect(a.dtype).toBe(dtype);
      expect(a.shape).toEqual([3, 4, 5]);
      expect(a.flatten().tolist()).toEqual(Array.from(t.toTypedArray()));
      const back = fromNumjs(a);
      expect(back.dtype).toBe(dtype);
      expect(back.shape).toEqual(t.shape);
      expect(Array.from(back.toTypedArray())).toEqual(Array.from(t.toTypedArray()));
    }
    const i = toNumjs(arange(6).view(2, 3));
    expect(i.dtype).toBe('int32');
    expect(i.tolist()).toEqual([[0, 1, 2], [3, 4, 5]]);
  });

  it('works on non-contiguous tensors, graph tensors, bools and scalars', () => {
    const x = tensor([[1, 2, 3], [4, 5, 6]], { dtype: 'float32', requiresGrad: true });
    const y = x.mul(2).t();
    const a = toNumjs(y);
    expect(a.shape).toEqual([3, 2]);
    expect(a.tolist()).toEqual([[2, 8], [4, 10], [6, 12]]);
    const b = toNumjs(x.gt(2));
    expect(b.dtype).toBe('uint8');
    expect(b.tolist()).toEqual([[0, 0, 1], [1, 1, 1]]);
    const s = toNumjs(x.sum());
    expect(s.shape).toEqual([1]);
    expect(s.get(0)).toBe(21);
  });

  it('copies: changing the numjs array leaves the tensor alone', () => {
    const t = tensor([1, 2, 3], { dtype: 'float32' });
    const a = toNumjs(t);
    a.set(0, 100);
    expect(t.tolist()).toEqual([1, 2, 3]);
  });

  it('gives arrays numjs can compute with', () => {
    const w = tensor([[1, 2], [3, 4]], { dtype: 'float64' });
    const prod = nj.dot(toNumjs(w), toNumjs(w));
    expect(fromNumjs(prod).tolist()).toEqual(w.matmul(w).tolist());
  });

  it('throws a TypeError for a non-tensor', () => {
    expect(() => toNumjs([1, 2] as never)).toThrow(/toNumjs: expected a Tensor/);
  });
});
