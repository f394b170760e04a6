import { describe, expect, it } from 'vitest';
import { Generator, randn } from '@poise/tensor';
import { histogram } from '../src';
import { binValues } from '../src/bin';
import { allText, markItems, parseSVG, symbols, titleText } from './svg';

describe('binValues follows numpy.histogram', () => {
  it('bins equal-width over [min, max] with the last bin closed', () => {
    // np.histogram([0, 1, 2, 3, 4], 4) -> counts [1, 1, 1, 2], edges [0, 1, 2, 3, 4]
    const b = binValues([0, 1, 2, 3, 4], 4);
    expect(b.counts).toEqual([1, 1, 1, 2]);
    expect(b.edges).toEqual([0, 1, 2, 3, 4]);
  });

  it('widens a constant series to [v - 0.5, v + 0.5] and skips non-finite values', () => {
    const b = binValues([2, 2, NaN, Infinity, 2], 2);
    expect(b.edges).toEqual([1.5, 2, 2.5]);
    expect(b.counts).toEqual([0, 3]);
    expect(b.total).toBe(3);
  });

  it('honours an explicit range, leaving out values outside it', () => {
    expect(binValues([-5, 0.1, 0.6, 5], 2, [0, 1]).counts).toEqual([1, 1]);
  });
});

describe('histogram', () => {
  const h = randn([32, 200], { generator: new Generator().manualSeed(2147483647) }).mul(3).tanh();

  it('draws one bar per bin (50 by default) from a tensor, counting every element', async () => {
    const chart = histogram(h);
    expect(chart.kind).toBe('histogram');
    expect(chart.title).toBe('Histogram (6400 values, 50 bins)');
    const rows = (chart.spec.data as { values: { count: number }[] }).values;
    expect(rows.reduce((s, r) => s + r.count, 0)).toBe(6400);

    const svg = parseSVG(await chart.toSVG());
    expect(symbols(svg, 'bar')).toHaveLength(50);
    const containers = markItems(svg, 'rect');
    expect(containers).toHaveLength(1);
    expect(containers[0]).toHaveLength(50);
    expect(titleText(svg)).toBe(chart.title);
    expect(allText(svg)).toEqual(expect.arrayContaining(['value', 'count']));
  });

  it('takes bins, labels, size and density', async () => {
    const chart = histogram(new Float32Array([0, 0.5, 1, 1.5, 2]), {
      bins: 4, title: 'pre-activations', xLabel: 'hpreact', density: true, width: 300, height: 150,
    });
    expect(chart.spec.width).toBe(300);
    expect(chart.spec.height).toBe(150);
    const svg = parseSVG(await chart.toSVG());
    expect(symbols(svg, 'bar')).toHaveLength(4);
    expect(titleText(svg)).toBe('pre-activations');
    expect(allText(svg)).toEqual(expect.arrayContaining(['hpreact', 'density']));
    // density integrates to 1: 4 bins of width 0.5
    const rows = (chart.spec.data as { values: { density: number }[] }).values;
    expect(rows.reduce((s, r) => s + r.density * 0.5, 0)).toBeCloseTo(1, 10);
  });

  it('rejects a bin count that is not a positive integer', () => {
    expect(() => histogram([1, 2], { bins: 0 })).toThrow(/bins must be a positive integer/);
  });
});
