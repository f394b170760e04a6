import { describe, expect, it } from 'vitest';
import { Generator, randn, tensor } from '@poise/tensor';
import { saturationMap } from '../src';
import { markItems, parseSVG, titleText } from './svg';

describe('saturationMap', () => {
  const h = randn([32, 200], { generator: new Generator().manualSeed(2147483647) }).mul(2).tanh();
  const flat = h.toTypedArray();
  const saturated = flat.filter((v) => Math.abs(v) > 0.99).length;

  it('draws one rect per element, white exactly where |h| > 0.99', async () => {
    const chart = saturationMap(h);
    expect(chart.kind).toBe('saturation-map');
    expect(chart.title).toBe(`|h| > 0.99 (white): ${((100 * saturated) / 6400).toFixed(1)}% of 32x200 saturated`);
    const text = await chart.toSVG();
    const svg = parseSVG(text);
    const [cells] = markItems(svg, 'rect');
    expect(cells).toHaveLength(6400);
    expect(cells.filter((c) => c.attrs.fill === '#fff')).toHaveLength(saturated);
    expect(cells.filter((c) => c.attrs.fill === '#000')).toHaveLength(6400 - saturated);
    expect(titleText(svg)).toBe(chart.title);
    // Cells are laid out row-major: the first cell is (0, 0) at the top left, the 201st starts row 1.
    expect(cells[0].attrs.d).toMatch(/^M0,0h4v8h-4Z$/);
    expect(cells[200].attrs.d).toMatch(/^M0,8h4v8h-4Z$/);
    expect(cells[0].attrs.fill).toBe(Math.abs(flat[0]) > 0.99 ? '#fff' : '#000');
    // No per-cell aria labels: the SVG stays near 40 bytes a cell.
    expect(text.length).toBeLessThan(400_000);
  });

  it('takes a threshold, an array of rows, and counts units saturated for every example', async () => {
    const chart = saturationMap([[0.5, -0.95, 1], [0.1, 0.97, -1]], { threshold: 0.9 });
    expect(chart.title).toBe('|h| > 0.9 (white): 66.7% of 2x3 saturated, 2 units saturated for every example');
    const [cells] = markItems(parseSVG(await chart.toSVG()), 'rect');
    expect(cells.map((c) => c.attrs.fill)).toEqual(['#000', '#fff', '#fff', '#000', '#fff', '#fff']);
  });

  it('rejects a tensor that is not 2-D', () => {
    expect(() => saturationMap(tensor([1, 2, 3]))).toThrow('saturationMap: expected a 2-D tensor [rows, cols], got shape [3]');
  });
});
