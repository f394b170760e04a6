import { describe, expect, it } from 'vitest';
import { percentileBands } from '../src';
import { allText, markItems, parseSVG, symbols, titleText } from './svg';

const steps = [0, 100, 200, 300];
const series = [
  { name: 'Without BN', p15: [-1, -1.4, -1.8, -2.2], p50: [0, 0.3, 0.6, 0.9], p85: [1, 1.6, 2.2, 2.8] },
  { name: 'With BN', p15: [-1, -1, -1, -1], p50: [0, 0, 0, 0], p85: [1, 1, 1, 1] },
];

describe('percentileBands', () => {
  it('draws a 15-85 band and a median line in one panel per series', async () => {
    const chart = percentileBands(steps, series);
    expect(chart.kind).toBe('percentile-bands');
    const svg = parseSVG(await chart.toSVG());
    expect(symbols(svg, 'area mark')).toHaveLength(2);
    expect(symbols(svg, 'line mark')).toHaveLength(2);
    expect(markItems(svg, 'area').map((items) => items.length)).toEqual([1, 1]);
    const text = allText(svg);
    expect(text).toEqual(expect.arrayContaining(['Without BN', 'With BN', 'step']));
    expect(titleText(svg)).toBe('Input distribution over training: 15th, 50th, 85th percentiles');
    // The band spans p15..p85: the With BN band's path is a flat rectangle, the Without BN one is not.
    const [without, withBN] = symbols(svg, 'area mark').map((p) => p.attrs.d);
    expect(new Set(withBN.match(/,[\d.]+/g)).size).toBe(2);
    expect(new Set(without.match(/,[\d.]+/g)).size).toBeGreaterThan(2);
  });

  it('overlays the series in colours, with its own title and labels', async () => {
    const chart = percentileBands(steps, series, { layout: 'overlay', title: 'sigmoid input', yLabel: 'x' });
    const svg = parseSVG(await chart.toSVG());
    expect(symbols(svg, 'area mark')).toHaveLength(2);
    expect(symbols(svg, 'line mark')).toHaveLength(2);
    const fills = symbols(svg, 'area mark').map((p) => p.attrs.fill);
    expect(new Set(fills).size).toBe(2);
    expect(titleText(svg)).toBe('sigmoid input');
    expect(allText(svg)).toContain('x');
  });

  it('rejects percentiles whose length differs from the steps', () => {
    expect(() => percentileBands([0, 1], [{ name: 's', p15: [0, 0], p50: [0], p85: [0, 0] }])).toThrow(
      "series 's' has 1 p50 values for 2 steps",
    );
  });
});
