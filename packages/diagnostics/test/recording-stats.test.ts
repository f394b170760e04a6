import { describe, expect, it } from 'vitest';
import { Generator, randn, tensor } from '@poise/tensor';
import { differenceMoments, moments, outsideStats, percentiles, unitLayout, unitValues } from '../src/recording/stats';

/** numpy.percentile(a, 100 * q) (linear interpolation), by a full sort. */
function reference(values: ArrayLike<number>, q: number): number {
  const a = Float64Array.from(values).sort();
  const pos = q * (a.length - 1);
  const k = Math.floor(pos);
  return k + 1 < a.length ? a[k] + (a[k + 1] - a[k]) * (pos - k) : a[k];
}

describe('moments', () => {
  it('are the mean and the unbiased std, as torch computes them', () => {
    const x = randn([32, 200], { generator: new Generator().manualSeed(3) }).mul(2).add(0.5);
    const m = moments(x.toTypedArray());
    expect(m.mean).toBeCloseTo(x.mean().item(), 6);
    expect(m.std).toBeCloseTo(x.std().item(), 5);
    expect(moments([])).toEqual({ mean: NaN, std: NaN });
    expect(moments([4]).std).toBeNaN();
    expect(moments([1, NaN]).mean).toBeNaN();
    expect(moments([1, NaN]).std).toBeNaN();
    expect(moments([1, Infinity]).std).toBeNaN();
    expect(moments([3, 3, 3]).std).toBe(0);
    // far from zero, small spread: the one-pass shifted sums keep the digits
    expect(moments([1e6 + 1, 1e6 + 2, 1e6 + 3]).std).toBeCloseTo(1, 9);
  });

  it('of a difference: the update from the values before and after a step', () => {
    const d = differenceMoments([1, 2, 4], [1, 1, 1]);
    expect(d.mean).toBeCloseTo(4 / 3, 12);
    expect(d.std).toBeCloseTo(Math.sqrt(((0 - 4 / 3) ** 2 + (1 - 4 / 3) ** 2 + (3 - 4 / 3) ** 2) / 2), 12);
  });
});

describe('percentiles', () => {
  it('equal numpy\'s linear interpolation on random data of many sizes', () => {
    const g = new Generator().manualSeed(5);
    const qs = [0, 0.15, 0.5, 0.85, 1];
    for (const n of [1, 2, 3, 7, 32, 100, 6400, 20001]) {
      const v = randn([n], { generator: g }).mul(3).toTypedArray();
      const got = percentiles(v, qs);
      qs.forEach((q, i) => expect(got[i], `n=${n}, q=${q}`).toBe(reference(v, q)));
    }
  });

  it('handle ties, constant and skewed data, infinities and NaN', () => {
    const qs = [0.15, 0.5, 0.85];
    const ties = Array.from({ length: 1000 }, (_, i) => i % 3);
    expect(percentiles(ties, qs)).toEqual(qs.map((q) => reference(ties, q)));
    expect(percentiles([2, 2, 2, 2], qs)).toEqual([2, 2, 2]);
    const skewed = Array.from({ length: 999 }, (_, i) => (i === 0 ? 1e9 : i * 1e-6));
    expect(percentiles(skewed, qs)).toEqual(qs.map((q) => reference(skewed, q)));
    const inf = [1, 2, Infinity, -Infinity, 3, 4];
    expect(percentiles(inf, qs)).toEqual(qs.map((q) => reference(inf, q)));
    expect(percentiles([1, NaN, 3], qs).every(Number.isNaN)).toBe(true);
    expect(percentiles([], qs).every(Number.isNaN)).toBe(true);
  });

  it('of one unit: its values over the examples (and positions), dim 1', () => {
    const x = tensor([[1, 10], [2, 20], [3, 30]]);
    expect(Array.from(unitValues(x.toTypedArray(), x.shape, 1))).toEqual([10, 20, 30]);
    const conv = tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]); // [N=2, C=2, L=2]
    expect(Array.from(unitValues(conv.toTypedArray(), conv.shape, 0))).toEqual([1, 2, 5, 6]);
    expect(() => unitValues([1, 2], [1, 2], 2)).toThrow('unit 2 is out of range for 2 units');
  });
});

describe('outsideStats', () => {
  it('counts saturated values and units saturated on every example', () => {
    // 3 examples x 3 units; unit 0 saturated on every example, unit 1 once, unit 2 never.
    const h = [0.995, -0.999, 0.1, -0.999, 0.2, 0.3, 1.0, 0.5, -0.98];
    const s = outsideStats(h, [3, 3], -0.99, 0.99);
    expect(s.fraction).toBeCloseTo(4 / 9, 12);
    expect(s.unitCount).toBe(1);
    expect(s.unitFraction).toBeCloseTo(1 / 3, 12);
  });

  it('finds ReLU units that are never active, per channel for [N, C, L]', () => {
    const y = [0, 0, 1, 0, /* example 2 */ 0, 0, 0, 2]; // [N=2, C=2, L=2]: channel 0 always 0
    const s = outsideStats(y, [2, 2, 2], Number.MIN_VALUE, Infinity);
    expect(s.units).toBe(2);
    expect(s.unitCount).toBe(1);
    expect(unitLayout([2, 2, 2])).toEqual({ units: 2, inner: 2, outer: 2 });
    expect(unitLayout([5])).toEqual({ units: 1, inner: 5, outer: 1 });
  });
});
