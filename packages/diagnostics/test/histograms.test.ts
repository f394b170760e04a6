import { describe, expect, it } from 'vitest';
import { Generator, randn } from '@poise/tensor';
import { gradientHistograms, histograms } from '../src';
import { allText, markItems, parseSVG, symbols, titleText } from './svg';

const g = new Generator().manualSeed(42);
const layers = [1, 2, 3].map((i) => ({ name: `layer ${i} (Tanh)`, values: randn([32, 100], { generator: g }).mul(i).tanh() }));

describe('histograms', () => {
  it('overlays one density line per series, named in the legend in order', async () => {
    const chart = histograms(layers);
    expect(chart.kind).toBe('histograms');
    expect(chart.title).toBe('Activation distribution');
    const svg = parseSVG(await chart.toSVG());
    expect(symbols(svg, 'line mark')).toHaveLength(3);
    expect(markItems(svg, 'line').map((items) => items.length)).toEqual([1, 1, 1]);
    const text = allText(svg);
    expect(text).toEqual(expect.arrayContaining(['layer 1 (Tanh)', 'layer 2 (Tanh)', 'layer 3 (Tanh)', 'activation', 'density']));
    expect(titleText(svg)).toBe('Activation distribution');
  });

  it('facets one bar histogram per series', async () => {
    const chart = histograms(layers, { layout: 'facet', bins: 20, title: 'per layer' });
    const svg = parseSVG(await chart.toSVG());
    expect(symbols(svg, 'bar')).toHaveLength(3 * 20);
    expect(markItems(svg, 'rect').map((items) => items.length)).toEqual([20, 20, 20]);
    expect(titleText(svg)).toBe('per layer');
  });
});

describe('gradientHistograms', () => {
  it('is a histogram chart titled and labelled for gradients', async () => {
    const chart = gradientHistograms(layers.slice(0, 2));
    expect(chart.kind).toBe('gradient-histograms');
    const svg = parseSVG(await chart.toSVG());
    expect(symbols(svg, 'line mark')).toHaveLength(2);
    expect(titleText(svg)).toBe('Gradient distribution');
    expect(allText(svg)).toContain('gradient');
  });
});
